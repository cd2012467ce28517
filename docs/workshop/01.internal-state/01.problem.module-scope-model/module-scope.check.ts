/**
 * Checks for step 01.01: the model is loaded once per execution environment, in the init
 * phase, and the logs say which request paid for it. One execution environment is played
 * in this process: a fresh import of handler.ts (the init phase), then three invocations
 * with lambda-kit's payload 2.0 events and Lambda context. `traceWork` from the workshop
 * kit records every `readFileSync`, so the checks count reads of the model file itself;
 * the logger's JSON log lines are captured from stdout and parsed. Nothing is timed (the
 * durations are printed for interest).
 */
// As Lambda's runtime does for an on-demand environment: the logger reads it for `cold_start`.
import '@serverless-ai/lambda-kit/lambda-env';
import { basename } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { FEATURE_NAMES, loadFootfallModel, loadSampleDays, MODEL_FILE_NAME } from '@serverless-ai/footfall-model';
import type { ApiHandler, HttpResult } from '@serverless-ai/lambda-kit';
import { httpApiV2Event, lambdaContext } from '@serverless-ai/lambda-kit/testing';
import { traceWork, type TracedWork } from '@serverless-ai/workshop/kit';

const INVOCATIONS = 3;

/** One invocation as the checks saw it. */
interface Invocation {
  requestId: string;
  body: { features: number[] };
  result: HttpResult;
  work: TracedWork;
  /** The JSON log lines it wrote. */
  logs: Record<string, unknown>[];
  ms: number;
}

/** Reads of the model file among the traced reads. */
const modelReads = (work: TracedWork): number => work.fileReads.filter((read) => basename(read.path) === MODEL_FILE_NAME).length;

/** Runs `action` with stdout and stderr captured (the logger writes JSON lines there) and returns the JSON lines. */
async function captureLogs<T>(action: () => Promise<T>): Promise<{ result: T; logs: Record<string, unknown>[] }> {
  const chunks: string[] = [];
  const record = (chunk: string | Uint8Array): boolean => chunks.push(String(chunk)) > 0;
  const spies = [vi.spyOn(process.stdout, 'write').mockImplementation(record), vi.spyOn(process.stderr, 'write').mockImplementation(record)];
  try {
    const result = await action();
    const logs = chunks
      .join('')
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    return { result, logs };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

let initWork: TracedWork;
const invocations: Invocation[] = [];

beforeAll(async () => {
  // The committed model, as on a machine without MODEL_PATH.
  delete process.env.MODEL_PATH;
  // A new execution environment: handler.ts evaluated afresh, its top level run now (the init phase).
  vi.resetModules();
  const init = await traceWork(() => captureLogs(() => import('./handler.js') as Promise<{ handler: ApiHandler }>));
  initWork = init.work;
  const { handler } = init.result.result;
  const days = loadSampleDays().slice(0, INVOCATIONS);
  for (const [i, day] of days.entries()) {
    const requestId = `invocation-${i + 1}`;
    const body = { features: FEATURE_NAMES.map((name) => day.features[name]) };
    const started = performance.now();
    const { result, work } = await traceWork(() => captureLogs(() => handler(httpApiV2Event({ method: 'POST', path: '/predict', body }), lambdaContext({ awsRequestId: requestId }))));
    invocations.push({ requestId, body, result: result.result, logs: result.logs, work, ms: performance.now() - started });
  }
  console.log(`Invocation times on this machine (printed, not checked): ${invocations.map((inv) => `${inv.ms.toFixed(1)} ms`).join(', ')}.`);
});

describe('one execution environment serving three requests', () => {
  it('answers all three with 200 and the model\'s prediction for the day', () => {
    const model = loadFootfallModel();
    for (const invocation of invocations) {
      expect(
        { status: invocation.result.statusCode, body: JSON.parse(invocation.result.body) as unknown },
        `POST /predict (${invocation.requestId}) must answer 200 with the model's prediction: keep the route, model.parseInput and model.predict as they are.`,
      ).toEqual({ status: 200, body: { modelVersion: model.version, predictions: model.predict(model.parseInput(invocation.body)).predictions } });
    }
  });

  it(`reads the model file once in all, during init, and not in any of the ${INVOCATIONS} requests`, () => {
    const perRequest = invocations.map((invocation) => modelReads(invocation.work));
    const total = modelReads(initWork) + perRequest.reduce((sum, reads) => sum + reads, 0);
    expect(
      total,
      `The model file was read ${total} times in ${INVOCATIONS} invocations (per request: ${perRequest.join(', ')}). Move the load out of the handler to module scope, so it runs once per execution environment, in the init phase, and every request reuses the loaded model.`,
    ).toBe(1);
    expect(
      modelReads(initWork),
      'The model is read once, but in the first request instead of at import: that request still waits for it, and provisioned concurrency (which runs only the init phase ahead of traffic) cannot help. Load it at module scope, not lazily inside the handler.',
    ).toBe(1);
  });

  it('logs cold_start true for the first invocation only: [true, false, false]', () => {
    const coldStarts = invocations.map((invocation) => {
      const line = invocation.logs.find((log) => log.message === 'Request handled' && log.function_request_id === invocation.requestId);
      return line?.cold_start;
    });
    expect(
      coldStarts,
      `The "Request handled" log lines say cold_start ${JSON.stringify(coldStarts)}. The logger marks the first invocation each logger instance sees as the cold start, so a logger created inside the handler calls every request cold. Create the logger once at module scope, next to the model: it then lives as long as the execution environment, and only the request that paid for the init phase says cold_start: true.`,
    ).toEqual([true, false, false]);
  });
});
