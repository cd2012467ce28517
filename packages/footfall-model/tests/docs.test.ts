/**
 * The package README quotes the model card's error figures. (docs/footfall-model.md is
 * rendered from the artifact by packages/results-docs, whose tests check it.)
 */
import { readFileSync } from 'node:fs';
import { readJsonArtifact } from '@serverless-ai/model-interface';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_PATH, footfallPayloadSchema } from '../src/index.js';

const { card } = readJsonArtifact(DEFAULT_MODEL_PATH, footfallPayloadSchema);

describe('documentation', () => {
  it('quotes the model card figures in the package README', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const metric = (...path: string[]): number => path.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], card.metrics) as number;
    const figures = [
      metric('model', 'mae'),
      metric('model', 'mape'),
      metric('baselines', 'sameWeekdayLastWeek', 'mae'),
      metric('baselines', 'sameWeekdayLastWeek', 'mape'),
      metric('baselines', 'sevenDayMean', 'mae'),
      metric('baselines', 'sevenDayMean', 'mape'),
    ];
    for (const figure of figures) expect(readme, `🚨 README must quote ${figure} from the model card`).toContain(figure.toFixed(2));
  });
});
