/**
 * Checks for step 02.01: the footfall handler's bundle fits the step's budget, no single
 * package dominates it, and it still validates requests. Sizes are bytes from esbuild's
 * metafile, so the same code always gives the same answer; nothing here is timed.
 */
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEATURE_COUNT, FEATURE_NAMES, loadFootfallModel, loadSampleDays } from '@serverless-ai/footfall-model';
import { INVOKE_BUNDLE_SCRIPT } from '@serverless-ai/lambda-kit/bundle';
import { httpApiV2Event, parseInvokeResults } from '@serverless-ai/lambda-kit/testing';
import { bytesByPackage, importersOf } from '@serverless-ai/workshop/kit';
import { bundleHandler, type BuiltHandler } from './bundle.js';

/** The step's budget for index.mjs, unzipped: 64 KiB (the README explains the choice). */
const BUDGET_BYTES = 64 * 1024;
/** No one package may take more than half the budget. */
const PACKAGE_CAP_BYTES = BUDGET_BYTES / 2;

const format = (bytes: number): string => `${bytes.toLocaleString('en')} bytes`;

let built: BuiltHandler;
let report: Record<string, number>;

beforeAll(async () => {
  built = await bundleHandler();
  report = bytesByPackage(Object.values(built.metafile.outputs)[0]!.inputs);
  console.log(`index.mjs: ${format(built.bytes)} (budget ${format(BUDGET_BYTES)})`);
  for (const [name, bytes] of Object.entries(report)) console.log(`  ${name.padEnd(34)} ${format(bytes).padStart(15)}`);
});
afterAll(() => {
  if (built) rmSync(built.dir, { recursive: true, force: true });
});

/** Who imports `name`: the step's own files first (the lesson's cause), then the repo's packages. */
function whereFrom(name: string): string {
  const imports = importersOf(built.metafile, name);
  const isYours = (importer: string): boolean => !importer.startsWith('packages/') && !importer.includes('node_modules/');
  const list = (found: typeof imports): string => found.map((i) => `${i.importer} ("${i.specifier}")`).join(', ');
  const yours = imports.filter((i) => isYours(i.importer));
  const others = imports.filter((i) => !isYours(i.importer));
  if (yours.length === 0) return `the repo's packages: ${list(others)}`;
  return `your ${list(yours)}${others.length > 0 ? ` (the repo's packages import it too, for less: ${list(others)})` : ''}`;
}

describe('the footfall handler bundle', () => {
  it(`fits the step's budget of ${BUDGET_BYTES / 1024} KiB`, () => {
    const heaviest = Object.entries(report)
      .slice(0, 3)
      .map(([name, bytes]) => `${name} ${format(bytes)}`)
      .join(', ');
    expect(
      built.bytes,
      `index.mjs is ${format(built.bytes)}, over the budget of ${format(BUDGET_BYTES)}. The heaviest packages: ${heaviest}. Every one of those bytes is read and compiled on each cold start. Change what handler.ts imports: the next check names the package that is too heavy and the import that brings it in.`,
    ).toBeLessThanOrEqual(BUDGET_BYTES);
  });

  it(`has no package over half the budget (${PACKAGE_CAP_BYTES / 1024} KiB) in the per-package byte report`, () => {
    const tooHeavy = Object.entries(report).filter(([, bytes]) => bytes > PACKAGE_CAP_BYTES);
    const advice = (name: string): string =>
      name === 'zod'
        ? 'Classic zod does not tree-shake well: `import { z } from \'zod\'` hands esbuild zod\'s whole namespace object (every schema type, every locale, the JSON Schema converters), which it cannot cut apart, and even `import * as z` keeps every method (.min(), .length(), …) that classic schema objects carry. The model package already validates a request body without zod: use model.parseInput(body), as apps/footfall-lambda/src/handler.ts does, and remove the zod import and the schema. (A zod/mini schema, built from functions esbuild can drop one by one, would also fit.)'
        : 'Import only what the handler uses, from a module that lets the bundler drop the rest.';
    expect(
      tooHeavy.map(([name]) => name),
      tooHeavy.map(([name, bytes]) => `${name} contributes ${format(bytes)} to the bundle, imported by ${whereFrom(name)}. ${advice(name)}`).join('\n'),
    ).toEqual([]);
  });

  it('still answers a valid request with the model\'s predictions and a 99-value row with a 400, running on its own', () => {
    const day = loadSampleDays()[0]!;
    const row = FEATURE_NAMES.map((name) => day.features[name]);
    const bodies = [{ features: row }, { instances: [row, row.map((v) => v + 1)] }, { features: row.slice(0, FEATURE_COUNT - 1) }];
    const eventsFile = join(built.dir, 'events.json');
    writeFileSync(eventsFile, JSON.stringify(bodies.map((body) => httpApiV2Event({ method: 'POST', path: '/predict', body }))));
    const env = { ...process.env };
    delete env.MODEL_PATH;
    // A fresh process in the bundle's temp folder, where no node_modules can help it: as on Lambda.
    const stdout = execFileSync(process.execPath, [INVOKE_BUNDLE_SCRIPT, built.bundlePath, eventsFile], { cwd: built.dir, env, encoding: 'utf8' });
    const [one, batch, short] = parseInvokeResults(stdout).map((result) => ({ status: result.response.statusCode, body: JSON.parse(result.response.body) as Record<string, unknown> }));
    console.log(`One cold start of your bundle: init (import) took ${parseInvokeResults(stdout)[0]!.initMs.toFixed(1)} ms on this machine (printed, not checked).`);

    const model = loadFootfallModel();
    const expected = (body: unknown) => model.predict(model.parseInput(body)).predictions;
    const stillPredicts = 'handler.ts must still answer POST /predict with the model\'s predictions: keep the model load and model.predict as they are, and feed it the validated input.';
    expect(one, stillPredicts).toEqual({ status: 200, body: { modelVersion: model.version, predictions: expected(bodies[0]) } });
    expect(batch, stillPredicts).toEqual({ status: 200, body: { modelVersion: model.version, predictions: expected(bodies[1]) } });
    expect(
      short,
      'A row of 99 numbers must be refused with 400 INVALID_INPUT: keep validating the request body (model.parseInput(body) throws the InvalidInputError that toErrorResponse turns into a 400).',
    ).toMatchObject({ status: 400, body: { error: { code: 'INVALID_INPUT' } } });
  });
});
