import { readFileSync } from 'node:fs';
import { readJsonArtifact } from '@serverless-ai/model-interface';
import { describe, expect, it, vi } from 'vitest';
import { renderFootfallDocs } from '../scripts/docs-page.js';
import { DEFAULT_MODEL_PATH, FEATURE_NAMES, footfallPayloadSchema, loadFootfallModel, loadSampleDays } from '../src/index.js';

const { card, payload } = readJsonArtifact(DEFAULT_MODEL_PATH, footfallPayloadSchema);

describe('documentation', () => {
  it('keeps docs/footfall-model.md in step with the features and the committed artifact', () => {
    // Act
    const expected = renderFootfallDocs(card, payload);
    const committed = readFileSync(new URL('../../../docs/footfall-model.md', import.meta.url), 'utf8');

    // Assert
    expect(committed, '🚨 run `npm run docs -w @serverless-ai/footfall-model` and commit docs/footfall-model.md').toBe(expected);
    for (const name of FEATURE_NAMES) expect(committed).toContain(`\`${name}\``);
  });

  it('states as many logarithms per prediction as a prediction actually computes', () => {
    // Arrange: count the logarithms one real prediction takes.
    const model = loadFootfallModel();
    const row = loadSampleDays()[0]!.features;
    const log1p = vi.spyOn(Math, 'log1p');
    const log = vi.spyOn(Math, 'log');
    let logarithms: number;
    try {
      model.predictOne(row);
      logarithms = log1p.mock.calls.length + log.mock.calls.length;
    } finally {
      log1p.mockRestore();
      log.mockRestore();
    }
    const committed = readFileSync(new URL('../../../docs/footfall-model.md', import.meta.url), 'utf8');

    // Assert
    expect(logarithms).toBeGreaterThan(0);
    expect(committed).toContain(`One prediction is 100 multiply-adds and ${logarithms} logarithms`);
  });

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
