/**
 * Serverless limit "dependencies": the deployment package that `npm run build` wrote to
 * dist/lambda is small, self-contained, and loads its model once.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFootfallModel, MODEL_FILE_NAME } from '@serverless-ai/footfall-model';
import { parseModelInput } from '@serverless-ai/model-interface';
import { measurePackage, SIZE_LIMITS, type SizeReport } from '../scripts/bundle-size.js';
import { HANDLER_FILE, INVOKE_BUNDLE_SCRIPT } from '@serverless-ai/lambda-kit/bundle';
import { parseInvokeResults } from '@serverless-ai/lambda-kit/testing';
import { LAMBDA_DIR, SIZE_REPORT } from '../scripts/paths.js';
import { bodyOf, httpApiEvent, httpApiRequest, parseLogLines } from './helpers.js';

const built = existsSync(join(LAMBDA_DIR, HANDLER_FILE));

describe('the Lambda deployment package (dist/lambda)', () => {
  it('exists: `npm run build` wrote the handler bundle and the model', () => {
    expect(built, 'run `npm run build` first').toBe(true);
  });

  // #region budget-test
  it.runIf(built)("fits Lambda's limits and the project's 1 MiB zipped budget", () => {
    // Act
    const size = measurePackage(LAMBDA_DIR);

    // Assert
    expect(size.files.map((file) => file.path).sort()).toEqual([MODEL_FILE_NAME, HANDLER_FILE].sort());
    expect(size.zippedBytes, 'over Lambda’s 50 MB limit for a zip uploaded directly').toBeLessThanOrEqual(SIZE_LIMITS.lambdaZippedBytes);
    expect(size.bytes, 'over Lambda’s 250 MB unzipped limit').toBeLessThanOrEqual(SIZE_LIMITS.lambdaUnzippedBytes);
    expect(size.zippedBytes, 'over the project’s 1 MiB zipped budget: see handlerBytesByPackage in dist/size-report.json').toBeLessThanOrEqual(
      SIZE_LIMITS.budgetZippedBytes,
    );
  });
  // #endregion budget-test

  it.runIf(built)('has a size report that matches the package on disk', () => {
    const report = JSON.parse(readFileSync(SIZE_REPORT, 'utf8')) as SizeReport;
    const size = measurePackage(LAMBDA_DIR);
    expect(report).toMatchObject({ bytes: size.bytes, zippedBytes: size.zippedBytes, withinLambdaLimits: true, withinBudget: true });
    expect(Object.keys(report.handlerBytesByPackage)).toContain('@serverless-ai/footfall-model');
  });

  it.runIf(built)('runs on its own in a fresh process, loads the model once and logs JSON with the request id', () => {
    // Arrange: copy the package where no node_modules can help it, and three events.
    const dir = mkdtempSync(join(tmpdir(), 'footfall-lambda-'));
    cpSync(LAMBDA_DIR, dir, { recursive: true });
    const events = [httpApiEvent(), httpApiRequest('GET', '/model'), httpApiEvent()];
    const eventsFile = join(dir, 'events.json');
    writeFileSync(eventsFile, JSON.stringify(events));
    const env = { ...process.env };
    delete env.MODEL_PATH;

    // Act
    const stdout = execFileSync(process.execPath, [INVOKE_BUNDLE_SCRIPT, join(dir, HANDLER_FILE), eventsFile], {
      cwd: dir,
      env,
      encoding: 'utf8',
    });

    // Assert
    const lines = parseLogLines(stdout);
    const results = parseInvokeResults(stdout);
    const logs = lines.filter((line) => !line.invokeResult);
    const model = loadFootfallModel();
    expect(results.map((result) => result.response.statusCode)).toEqual([200, 200, 200]);
    expect(JSON.parse(results[0]!.response.body)).toEqual({
      modelVersion: model.version,
      predictions: model.predict(parseModelInput(model, bodyOf(events[0]!))).predictions,
    });

    const loaded = logs.filter((line) => line.message === 'Model loaded');
    expect(loaded, '🚨 the model must load once per process, not per request').toHaveLength(1);
    expect(loaded[0]?.modelPath).toBe(join(dir, MODEL_FILE_NAME));
    expect(loaded[0]?.modelChecks, 'the build validated the model; init only verifies its checksum').toBe('file checksum (validated at build)');
    const handled = logs.filter((line) => line.message === 'Request handled');
    expect(handled.map((line) => line.function_request_id)).toEqual([0, 1, 2].map((i) => expect.stringMatching(new RegExp(`^bench-\\d+-${i}$`)) as string));
    expect(handled.map((line) => line.cold_start)).toEqual([true, false, false]);
    expect(handled.every((line) => line.modelVersion === model.version)).toBe(true);
  });

  it.runIf(built)('fails its init, loudly, when the model beside it is not the file the build validated', () => {
    // Arrange: the same JSON plus one space is another file, though it would still parse.
    const dir = mkdtempSync(join(tmpdir(), 'footfall-lambda-swapped-'));
    cpSync(LAMBDA_DIR, dir, { recursive: true });
    writeFileSync(join(dir, MODEL_FILE_NAME), `${readFileSync(join(dir, MODEL_FILE_NAME), 'utf8')} `);
    const eventsFile = join(dir, 'events.json');
    writeFileSync(eventsFile, JSON.stringify([httpApiEvent()]));
    const env = { ...process.env };
    delete env.MODEL_PATH;

    // Act
    let failure: { status: number | null; stdout: string; stderr: string } | undefined;
    try {
      execFileSync(process.execPath, [INVOKE_BUNDLE_SCRIPT, join(dir, HANDLER_FILE), eventsFile], { cwd: dir, env, encoding: 'utf8', stdio: 'pipe' });
    } catch (err) {
      failure = err as { status: number | null; stdout: string; stderr: string };
    }

    // Assert
    expect(failure, '🚨 the handler answered with a model its build never checked').toBeDefined();
    expect(failure!.status).not.toBe(0);
    const output = failure!.stdout + failure!.stderr; // the logger writes CRITICAL lines to stderr
    expect(output).toContain('"level":"CRITICAL","message":"Model failed to load"');
    expect(output).toMatch(/File checksum mismatch for \S*footfall-model\.json: the build validated [0-9a-f]{64}, the file has [0-9a-f]{64}/);
  });
});
