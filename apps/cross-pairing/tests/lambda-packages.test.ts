/**
 * Serverless limit "dependencies", judged on the real packages: the recommender's
 * Lambda package that `npm run build` wrote (dist/recommender-lambda, 1,000 movies)
 * runs on its own in a fresh process, and fitcheck tells it apart from the footfall
 * package (apps/footfall-lambda/dist/lambda): the footfall package fits a Lambda of
 * either architecture; the recommender's carries a native addon compiled for this
 * machine, so it does not fit a function of the other architecture.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyse, type LambdaArchitecture } from '@serverless-ai/fitcheck';
import { loadRecommenderArtifacts, MovieRecommender, VectorIndex } from '@serverless-ai/movie-recommender';
import { footfallPredictEvent, recentActivityFrom, recommendationsEvent } from '../src/events.js';
import { ARTIFACTS_FOLDER, INDEX_FILE } from '../src/recommender-lambda/config.js';
import { HANDLER_FILE, INVOKE_BUNDLE_SCRIPT } from '@serverless-ai/lambda-kit/bundle';
import { parseInvokeResults } from '@serverless-ai/lambda-kit/testing';
import { FOOTFALL_LAMBDA_DIR, RECOMMENDER_LAMBDA_DIR } from '../scripts/paths.js';

const ADDON = 'node_modules/hnswlib-node/build/Release/addon.node';
/** The Lambda architecture this machine's compiled addon is NOT built for. */
const otherArch: LambdaArchitecture = process.arch === 'arm64' ? 'x86_64' : 'arm64';
const thisArch: LambdaArchitecture = process.arch === 'arm64' ? 'arm64' : 'x86_64';

let scratch: string;
let recommenderEvent: string;
let footfallEvent: string;
beforeAll(() => {
  expect(existsSync(join(RECOMMENDER_LAMBDA_DIR, HANDLER_FILE)), 'run `npm run build` in apps/cross-pairing first').toBe(true);
  expect(existsSync(join(FOOTFALL_LAMBDA_DIR, 'index.mjs')), 'run `npm run build` in apps/footfall-lambda first').toBe(true);
  scratch = mkdtempSync(join(tmpdir(), 'cross-pairing-packages-'));
  const { movies } = loadRecommenderArtifacts(join(RECOMMENDER_LAMBDA_DIR, ARTIFACTS_FOLDER));
  recommenderEvent = join(scratch, 'recommendations-event.json');
  footfallEvent = join(scratch, 'predict-event.json');
  writeFileSync(recommenderEvent, JSON.stringify(recommendationsEvent(movies, 10)));
  writeFileSync(footfallEvent, JSON.stringify(footfallPredictEvent()));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the recommender Lambda package (dist/recommender-lambda)', () => {
  it('answers an event in a fresh process, with no node_modules but its own, as predict does', () => {
    // Arrange: a copy where no node_modules above it can help, and the reference answer
    // from the package's own artifacts and snapshot.
    const dir = join(scratch, 'recommender');
    cpSync(RECOMMENDER_LAMBDA_DIR, dir, { recursive: true });
    const artifacts = loadRecommenderArtifacts(join(dir, ARTIFACTS_FOLDER));
    const reference = new MovieRecommender({ artifacts, index: VectorIndex.load(join(dir, INDEX_FILE)) });
    const eventsFile = join(scratch, 'events.json');
    writeFileSync(eventsFile, `[${JSON.stringify(recommendationsEvent(artifacts.movies, 10))}]`);

    // Act
    const stdout = execFileSync(process.execPath, [INVOKE_BUNDLE_SCRIPT, join(dir, HANDLER_FILE), eventsFile], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', POWERTOOLS_LOG_LEVEL: 'WARN' },
      encoding: 'utf8',
    });

    // Assert
    const [invokeResult] = parseInvokeResults<{ indexMode: string }>(stdout);
    expect(invokeResult, stdout).toBeDefined();
    expect(invokeResult!.response.statusCode).toBe(200);
    expect(invokeResult!.initReport?.indexMode).toBe('snapshot');
    expect(JSON.parse(invokeResult!.response.body)).toEqual(reference.predict({ recentActivity: recentActivityFrom(artifacts.movies), k: 10 }));
  });
});

describe('fitcheck on both Lambda packages', () => {
  it.each([otherArch, thisArch])('says the footfall package fits an %s function', async (arch) => {
    // Act
    const report = await analyse(FOOTFALL_LAMBDA_DIR, { arch, event: footfallEvent, runs: 1 });

    // Assert
    expect(report.verdict, report.reasons.join('; ')).toBe('fits');
    expect(report.nativeBinaries).toEqual([]);
    expect(report.init?.response?.statusCode).toBe(200);
  });

  it(`says the recommender package does not fit an ${otherArch} function: its addon is compiled for this machine`, async () => {
    // Act
    const report = await analyse(RECOMMENDER_LAMBDA_DIR, { arch: otherArch, event: recommenderEvent, runs: 1 });

    // Assert
    expect(report.verdict).toBe('does-not-fit');
    expect(report.nativeBinaries.map((n) => n.path)).toEqual([ADDON]);
    expect(report.criteria.dependencies.status).toBe('fail');
    expect(report.criteria.dependencies.findings.map((f) => f.code)).toContain('NATIVE_WRONG_ARCH');
    // The handler itself ran: it is the package, not the code, that cannot go to Lambda.
    expect(report.init?.response?.statusCode).toBe(200);
    expect(report.init?.addonsLoaded).toContain(ADDON);
  });
});
