/**
 * Checks for step 01.02: init refuses a model file that is not the file the build
 * validated. `bundle.ts` builds the handler into a temp folder as the real build does (the
 * model validated, its SHA-256 embedded, the file beside `index.mjs`), and a second copy
 * of that folder gets a model file with one bit of one number flipped, so its JSON still
 * parses. Importing a bundle runs its init phase: the intact one must load and predict
 * what the real package predicts; the damaged one must throw, with a message that names
 * the file and both hashes.
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEATURE_NAMES, loadFootfallModel, loadSampleDays, MODEL_FILE_NAME } from '@serverless-ai/footfall-model';
import type { ApiHandler } from '@serverless-ai/lambda-kit';
import { httpApiV2Event, lambdaContext } from '@serverless-ai/lambda-kit/testing';
import { bundleHandler, type BuiltHandler } from './bundle.js';

/** What importing a bundle (its init phase) gave: the handler, or what it threw. */
type ColdStart = { handler: ApiHandler; error?: undefined } | { handler?: undefined; error: Error };

/** What `flipOneBit` changed. */
interface Damage {
  key: string;
  before: string;
  after: string;
}

/**
 * Flips the lowest bit of the first decimal of the number under `"key":` in a JSON file.
 * Digits 0-9 are bytes 0x30-0x39, so the byte stays a digit and the file still parses:
 * one bit of rot, the kind a checksum exists for.
 */
function flipOneBit(path: string, key: string): Damage {
  const bytes = readFileSync(path);
  const match = new RegExp(`"${key}": (-?\\d+\\.\\d+)`).exec(bytes.toString('latin1'));
  if (!match) throw new Error(`No "${key}": <decimal> in ${path}`);
  const before = match[1]!;
  const start = match.index + match[0].length - before.length;
  bytes[start + before.indexOf('.') + 1]! ^= 0x01;
  writeFileSync(path, bytes);
  return { key, before, after: bytes.toString('latin1', start, start + before.length) };
}

/** One cold start in this process: import the bundle, which runs its init phase. */
async function coldStart(bundlePath: string): Promise<ColdStart> {
  try {
    const module = (await import(pathToFileURL(bundlePath).href)) as { handler: ApiHandler };
    return { handler: module.handler };
  } catch (error) {
    return { error: error as Error };
  }
}

const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

const day = loadSampleDays()[0]!;
const body = { features: FEATURE_NAMES.map((name) => day.features[name]) };
/** What the handler answers for the sample day: status and parsed body. */
async function askFor(handler: ApiHandler): Promise<{ status: number; body: { predictions?: { customersTomorrow: number }[] } }> {
  const result = await handler(httpApiV2Event({ method: 'POST', path: '/predict', body }), lambdaContext());
  return { status: result.statusCode, body: JSON.parse(result.body) as { predictions?: { customersTomorrow: number }[] } };
}

let intact: BuiltHandler;
let damagedDir: string;
let damage: Damage;
let intactStart: ColdStart;
let damagedStart: ColdStart;

beforeAll(async () => {
  // As on Lambda: the model beside the bundle, no MODEL_PATH. The requests' log lines are not the lesson.
  delete process.env.MODEL_PATH;
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  intact = await bundleHandler();
  damagedDir = mkdtempSync(join(tmpdir(), 'workshop-checksum-at-init-damaged-'));
  cpSync(intact.dir, damagedDir, { recursive: true });
  damage = flipOneBit(join(damagedDir, MODEL_FILE_NAME), 'intercept');
  intactStart = await coldStart(intact.bundlePath);
  damagedStart = await coldStart(join(damagedDir, basename(intact.bundlePath)));
});
afterAll(() => {
  for (const dir of [intact?.dir, damagedDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the footfall handler\'s init phase', () => {
  it('loads the model file the build validated and predicts what the real package predicts for a sample day', async () => {
    expect(intactStart.error?.message, 'Init failed on the intact model file, the very file the build validated: the hash you compare must be the SHA-256 of the file\'s bytes, in hex, as the build computed it (bundle.ts passes it to loadModel as expectedSha256).').toBeUndefined();
    const model = loadFootfallModel();
    expect(await askFor(intactStart.handler!), 'POST /predict must still answer with the model\'s prediction: keep parsing the file and building the FootfallModel after the check.').toEqual({
      status: 200,
      body: { modelVersion: model.version, predictions: model.predict(model.parseInput(body)).predictions },
    });
  });

  it('throws during init when one bit of a number in the model file is flipped, naming the file and both SHA-256 hashes', async () => {
    const expectedSha256 = intact.modelSha256;
    const actualSha256 = sha256(join(damagedDir, MODEL_FILE_NAME));
    let served = '';
    if (damagedStart.handler) {
      const wrong = Math.round((await askFor(damagedStart.handler)).body.predictions?.[0]?.customersTomorrow ?? Number.NaN);
      const model = loadFootfallModel();
      const right = Math.round(model.predict(model.parseInput(body)).predictions[0]!.customersTomorrow);
      served = ` It now predicts ${wrong} customers for ${day.storeName} on ${day.targetDate}, where the validated model predicts ${right}.`;
    }
    expect(
      damagedStart.error,
      `A model file with one flipped bit ("${damage.key}": ${damage.before} became ${damage.after}) loaded without complaint.${served} In load-model.ts, compare the file's SHA-256 with the expected one (expectedSha256, from the build) before parsing, and throw, so Lambda reports Runtime.InitError instead of serving wrong predictions.`,
    ).toBeDefined();
    const message = damagedStart.error!.message;
    expect(message, `Init threw, but its message does not say why: "${message}". Say it is a checksum (SHA-256) mismatch: the message is what the Runtime.InitError report shows.`).toMatch(/checksum|SHA-256/i);
    expect(message, `Name the file in the message ("${message}"), so whoever reads the Runtime.InitError knows which file is damaged: the path you read, or at least ${MODEL_FILE_NAME}. (Lambda reports an init error by its type, message and stack; other fields, such as ArtifactIntegrityError's \`file\`, do not reach the report.)`).toContain(MODEL_FILE_NAME);
    expect(message, `Put the expected SHA-256 (the build's: ${expectedSha256}) in the message ("${message}"), so the error says which file should have been there.`).toContain(expectedSha256);
    expect(message, `Put the actual SHA-256 of the file (${actualSha256}) in the message ("${message}"), so the error says which file was found instead.`).toContain(actualSha256);
  });
});
