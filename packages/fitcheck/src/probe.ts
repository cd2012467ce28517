/**
 * The child process fitcheck spawns to measure a cold start: a fresh `node` that
 * imports the handler module (Lambda's Init phase) and optionally answers one event
 * (the first Invoke), then reports what it saw over the IPC channel and exits.
 *
 * This is a proxy for Lambda's runtime, not a copy of it: no Runtime API, no
 * sandbox, and the CPU is this machine's. What it does keep is what matters for the
 * verdicts: a process with nothing warm, the handler's module-scope code, the files
 * that code reads, and the memory it ends up holding.
 *
 * 1. Wrap fs (recording paused), read the event file.
 * 2. Record phase "init": import the handler module, find the export.
 * 3. Tell the parent "imported" at once, so its clock stops as early as possible.
 * 4. Record phase "invoke": call the handler with the event, tell the parent "answered".
 * 5. Send the full result and exit, whatever timers the handler left running.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { type AddonLoad, installRecorder, type ReadRecord } from './read-recorder.js';

/** What the parent passes as the single command-line argument (JSON). */
export interface ProbeConfig {
  /** Absolute path of the handler module. */
  handlerFile: string;
  exportName: string;
  /** Absolute path of a JSON event to invoke the handler with once. */
  eventFile?: string;
}

/** An error thrown by the handler, trimmed for the report. */
export interface ProbeError {
  phase: 'init' | 'invoke';
  name: string;
  message: string;
}

/** The final message: everything the child measured about itself. */
export interface ProbeResult {
  type: 'result';
  /** ms from this process's start (`performance.timeOrigin`) to the handler imported. */
  processStartToImportedMs: number;
  /** ms the `import()` of the handler took. */
  importMs: number;
  /** ms the first invocation took, when an event was given. */
  invokeMs: number | null;
  /**
   * Peak resident memory (KB) once init was done, and at the end: VmHWM from /proc/self/status.
   * Not `process.resourceUsage().maxRSS`: on Linux it survives execve, so a spawned child
   * never reads below its parent's RSS at spawn. Falls back to maxRSS where /proc is missing.
   */
  initMaxRssKb: number;
  maxRssKb: number;
  /** Bytes this process read through any syscall during init (`rchar` delta from /proc/self/io), null off Linux. */
  initProcessReadBytes: number | null;
  reads: ReadRecord[];
  addons: AddonLoad[];
  /** Short description of the handler's answer, so a report can show it really answered. */
  response: { statusCode: number | null; bytes: number } | null;
  error: ProbeError | null;
}

/** The messages the probe sends, in order. */
export type ProbeMessage = { type: 'imported' } | { type: 'answered' } | ProbeResult;

type LambdaHandler = (event: unknown, context: unknown, callback?: (err: unknown, result?: unknown) => void) => unknown;

function readProcIoBytes(): number | null {
  try {
    const match = /^rchar:\s*(\d+)$/m.exec(readFileSync('/proc/self/io', 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

function send(message: ProbeMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(message, undefined, undefined, () => resolve());
  });
}

/** A context object with the fields handlers commonly read (see the Lambda Node.js context docs). */
function lambdaContext(): Record<string, unknown> {
  const deadline = Date.now() + 30_000;
  return {
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'fitcheck',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:fitcheck',
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? '128',
    awsRequestId: 'fitcheck-0000',
    logGroupName: '/aws/lambda/fitcheck',
    logStreamName: 'fitcheck',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}

/** Calls an async handler, or a callback-style one (three parameters). */
function invoke(handler: LambdaHandler, event: unknown): Promise<unknown> {
  const context = lambdaContext();
  if (handler.length < 3) return Promise.resolve(handler(event, context));
  return new Promise((resolve, reject) => {
    const returned = handler(event, context, (err, result) => (err ? reject(err instanceof Error ? err : new Error(typeof err === 'string' ? err : JSON.stringify(err))) : resolve(result)));
    if (returned instanceof Promise) returned.then(resolve, reject);
  });
}

function describeResponse(response: unknown): ProbeResult['response'] {
  const statusCode = typeof response === 'object' && response !== null && 'statusCode' in response && typeof response.statusCode === 'number' ? response.statusCode : null;
  return { statusCode, bytes: Buffer.byteLength(JSON.stringify(response) ?? '') };
}

function toProbeError(phase: ProbeError['phase'], err: unknown): ProbeError {
  return err instanceof Error ? { phase, name: err.name, message: err.message } : { phase, name: 'Error', message: String(err) };
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as ProbeConfig;

  // 1. Wrap fs first; read the event before recording so it is not counted as init data.
  const recorder = await installRecorder();
  const event: unknown = config.eventFile ? JSON.parse(readFileSync(config.eventFile, 'utf8')) : undefined;
  const ioBefore = readProcIoBytes();

  const result: ProbeResult = {
    type: 'result',
    processStartToImportedMs: 0,
    importMs: 0,
    invokeMs: null,
    initMaxRssKb: 0,
    maxRssKb: 0,
    initProcessReadBytes: null,
    reads: [],
    addons: [],
    response: null,
    error: null,
  };

  // 2. Init: import the module, as Lambda's runtime does before the first event.
  recorder.setPhase('init');
  const importStart = performance.now();
  let handler: LambdaHandler | undefined;
  try {
    const module = (await import(pathToFileURL(config.handlerFile).href)) as Record<string, unknown>;
    const exported = module[config.exportName] ?? (module.default as Record<string, unknown> | undefined)?.[config.exportName];
    if (typeof exported !== 'function') throw new TypeError(`${config.handlerFile} does not export a function named "${config.exportName}"`);
    handler = exported as LambdaHandler;
  } catch (err) {
    result.error = toProbeError('init', err);
  }
  recorder.setPhase(null);
  const importedAt = performance.now();
  result.importMs = importedAt - importStart;
  result.processStartToImportedMs = importedAt;
  result.initMaxRssKb = peakRssKb();
  const ioAfter = readProcIoBytes();
  result.initProcessReadBytes = ioBefore !== null && ioAfter !== null ? ioAfter - ioBefore : null;

  // 3. Stop the parent's clock.
  if (handler) await send({ type: 'imported' });

  // 4. Optionally answer one event.
  if (handler && config.eventFile) {
    recorder.setPhase('invoke');
    const invokeStart = performance.now();
    try {
      result.response = describeResponse(await invoke(handler, event));
      result.invokeMs = performance.now() - invokeStart;
    } catch (err) {
      result.error = toProbeError('invoke', err);
    }
    recorder.setPhase(null);
    if (!result.error) await send({ type: 'answered' });
  }

  // 5. Report and leave: a warm Lambda would be frozen here, we simply exit.
  result.maxRssKb = peakRssKb();
  result.reads = recorder.records();
  result.addons = recorder.addons();
  await send(result);
  process.exit(0);
}

await main();

/** This process image's peak resident memory in KB (VmHWM), or maxRSS where /proc is missing. */
function peakRssKb(): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]);
  } catch {
    // No /proc (macOS): fall through.
  }
  return process.resourceUsage().maxRSS;
}
