/**
 * Checks for step 03.03: the footfall handler's init phase does as little as it safely can.
 * They count the cause, never the time: what init reads, what it hashes, and how many zod
 * schemas it builds and runs, seen by importing the bundle (its init phase) inside
 * `traceWork`. They also make sure init still refuses a model changed after the build, and
 * that requests still get predictions and 400s. The init time is printed, not checked.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEATURE_COUNT, FEATURE_NAMES, loadFootfallModel, loadSampleDays, MODEL_FILE_NAME } from '@serverless-ai/footfall-model';
import { HANDLER_FILE, INVOKE_BUNDLE_SCRIPT } from '@serverless-ai/lambda-kit/bundle';
import { httpApiV2Event, parseInvokeResults } from '@serverless-ai/lambda-kit/testing';
import { traceWork, type TracedWork } from '@serverless-ai/workshop/kit';
import { bundleHandler, type BuiltHandler } from './bundle.js';

type Handler = (event: unknown) => Promise<{ statusCode: number; body: string }>;

/** One cold start, in this process: import the bundle (its init phase) and record what it did. */
async function coldStart(bundlePath: string): Promise<{ handler?: Handler; error?: Error; work: TracedWork }> {
  const { result, work } = await traceWork(async () => {
    try {
      const module = (await import(pathToFileURL(bundlePath).href)) as { handler: Handler };
      return { handler: module.handler };
    } catch (error) {
      return { error: error as Error };
    }
  });
  return { ...result, work };
}

const day = loadSampleDays()[0]!;
const row = FEATURE_NAMES.map((name) => day.features[name]);
const predictEvent = (body: unknown) => httpApiV2Event({ method: 'POST', path: '/predict', body });

let built: BuiltHandler;
let init: Awaited<ReturnType<typeof coldStart>>;
/** The environment's first request, traced: whatever init left for later, it pays. */
let firstRequest: { result: { statusCode: number; body: string }; work: TracedWork } | undefined;
const tempDirs: string[] = [];

beforeAll(async () => {
  // As on Lambda: the model beside the bundle, no MODEL_PATH.
  delete process.env.MODEL_PATH;
  built = await bundleHandler();
  tempDirs.push(built.dir);
  init = await coldStart(built.bundlePath);
  const handler = init.handler;
  if (handler) firstRequest = await traceWork(() => handler(predictEvent({ features: row })));
});
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** The handler, or a failed assertion that says why init failed. */
function loadedHandler(): Handler {
  const undefinedChecksum = /__FOOTFALL_MODEL_SHA256__ is not defined/.test(init.error?.message ?? '');
  expect(
    init.error?.message,
    undefinedChecksum
      ? 'Init failed: __FOOTFALL_MODEL_SHA256__ is not defined. The handler reads it, but the build does not set it yet: in bundle.ts, pass define: { __FOOTFALL_MODEL_SHA256__: JSON.stringify(fileSha256) } to esbuild, with fileSha256 from validateFootfallArtifact(DEFAULT_MODEL_PATH).'
      : `Init failed, so there is no handler. Fix this first: ${String(init.error?.stack ?? init.error)}`,
  ).toBeUndefined();
  return init.handler!;
}

describe('the footfall handler after a cold start', () => {
  it('answers a valid request with the model\'s predictions and a 99-value row with a 400', async () => {
    const handler = loadedHandler();
    const model = loadFootfallModel();
    const ok = firstRequest!.result;
    expect({ status: ok.statusCode, body: JSON.parse(ok.body) as unknown }, 'POST /predict must still answer with the model\'s predictions; keep model.predict and the response as they are.').toEqual({
      status: 200,
      body: { modelVersion: model.version, predictions: model.predict(model.parseInput({ features: row })).predictions },
    });
    const short = await handler(predictEvent({ features: row.slice(0, FEATURE_COUNT - 1) }));
    expect(
      { status: short.statusCode, body: JSON.parse(short.body) as unknown },
      'A row of 99 numbers must still be refused with 400 INVALID_INPUT: keep validating the request (model.parseInput(body) throws the InvalidInputError that toErrorResponse turns into a 400).',
    ).toMatchObject({ status: 400, body: { error: { code: 'INVALID_INPUT' } } });

    // For interest, never checked: one cold start of this bundle in a fresh process, timed by lambda-kit's harness.
    const eventsFile = join(built.dir, 'events.json');
    writeFileSync(eventsFile, JSON.stringify([predictEvent({ features: row })]));
    const stdout = execFileSync(process.execPath, [INVOKE_BUNDLE_SCRIPT, built.bundlePath, eventsFile], { cwd: built.dir, encoding: 'utf8' });
    const [first] = parseInvokeResults(stdout);
    console.log(
      `Your bundle (${built.bytes.toLocaleString('en')} bytes): init took ${first!.initMs.toFixed(1)} ms in a fresh process on this machine (printed, not checked). ` +
        'The bench measures both variants side by side: docs/results/footfall-lambda.json, the coldStart block (heavyInitVariant is this step\'s problem).',
    );
  });

  it('builds no zod schema and runs no zod check during init', () => {
    loadedHandler();
    expect(
      { schemasBuilt: init.work.zodSchemasBuilt, checksRun: init.work.zodChecksRun },
      `Init built ${init.work.zodSchemasBuilt} zod schemas and ran ${init.work.zodChecksRun} zod checks: loadFootfallModel validates the model card and every payload value with zod, on every cold start, although the file never changes between builds. Move that check to the build: in bundle.ts, call validateFootfallArtifact(DEFAULT_MODEL_PATH) and pass its fileSha256 to esbuild as define: { __FOOTFALL_MODEL_SHA256__: JSON.stringify(fileSha256) }. In handler.ts, declare that constant and load the model with loadPrevalidatedFootfallModel(path, __FOOTFALL_MODEL_SHA256__).`,
    ).toEqual({ schemasBuilt: 0, checksRun: 0 });
  });

  it('reads the model file once and hashes exactly the bytes it read', () => {
    loadedHandler();
    const modelBytes = statSync(built.modelPath).size;
    const reads = init.work.fileReads.filter((read) => read.path === built.modelPath);
    expect(reads.length, `Init read ${MODEL_FILE_NAME} ${reads.length} times; read it once and use those bytes for both the checksum and the model (loadPrevalidatedFootfallModel does).`).toBe(1);
    const hashedBytes = init.work.hashes.map((hash) => hash.bytes);
    expect(
      hashedBytes,
      hashedBytes.length === 0
        ? 'Init no longer verifies the model. Keep one SHA-256 of the file, compared with the checksum the build embedded, so a damaged or swapped file fails the cold start instead of answering requests.'
        : `Init hashed ${hashedBytes.join(' + ')} bytes, but the model file it read has ${modelBytes}: it parsed the file, then serialised the payload again with JSON.stringify to check the card's digest. Hash the file's bytes as read, once, and compare them with the SHA-256 the build embedded: loadPrevalidatedFootfallModel(path, __FOOTFALL_MODEL_SHA256__) does exactly that.`,
    ).toEqual([modelBytes]);
  });

  it('still refuses, at init, a model whose payload was changed after the build', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'workshop-cheaper-init-tampered-'));
    tempDirs.push(dir);
    cpSync(built.dir, dir, { recursive: true });
    const modelPath = join(dir, MODEL_FILE_NAME);
    const artifact = JSON.parse(readFileSync(modelPath, 'utf8')) as { payload: { weights: number[] } };
    artifact.payload.weights[0]! += 1;
    writeFileSync(modelPath, `${JSON.stringify(artifact, null, 1)}\n`);
    const tampered = await coldStart(join(dir, HANDLER_FILE));
    expect(
      tampered.error?.message,
      tampered.error === undefined
        ? 'A model file whose weights changed after the build was loaded without complaint. Init must verify a checksum the build recorded (cheaply: one SHA-256 of the file, compared with the one the build embedded) and throw, so Lambda reports an init error instead of serving a model nobody checked. A checksum computed at init from the same file proves nothing.'
        : `Init failed on the changed model, but not on its checksum (${tampered.error.message}). Fix the failure above first; then init should throw a checksum mismatch for this file.`,
    ).toMatch(/checksum/i);
  });

  it('checks the first request without building a zod schema', () => {
    loadedHandler();
    const { work } = firstRequest!;
    expect(
      work.zodSchemasBuilt,
      `The first request built ${work.zodSchemasBuilt} zod schemas: parseModelInput(model, body) asks the model for its zod inputSchema, which is built on first use, so the first request of every environment pays for it. Use model.parseInput(body): the same checks and the same 400 issues, hand-written, with no schema to build.`,
    ).toBe(0);
  });
});
