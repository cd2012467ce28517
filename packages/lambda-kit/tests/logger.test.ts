/**
 * The default logger: one JSON line per call with the keys the handlers' tests and the
 * workshop read (`level`, `message`, `service`, `cold_start`, `function_request_id`), and on
 * Lambda with the JSON log format, an object handed to `console` for the runtime to wrap.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../src/logger.js';
import { createPowertoolsLogger } from '../src/powertools-logger.js';
import { lambdaContext } from '../src/testing.js';

/** The JSON lines `fn` wrote to stdout and stderr, each tagged with its stream. */
function captureLines(fn: () => void): { stream: 'stdout' | 'stderr'; line: Record<string, unknown> }[] {
  const lines: { stream: 'stdout' | 'stderr'; line: Record<string, unknown> }[] = [];
  const recorder = (stream: 'stdout' | 'stderr') => (chunk: string | Uint8Array): boolean => {
    for (const text of String(chunk).split('\n').filter((part) => part.startsWith('{'))) lines.push({ stream, line: JSON.parse(text) as Record<string, unknown> });
    return true;
  };
  const spies = [vi.spyOn(process.stdout, 'write').mockImplementation(recorder('stdout')), vi.spyOn(process.stderr, 'write').mockImplementation(recorder('stderr'))];
  try {
    fn();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return lines;
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('createLogger', () => {
  it('writes one JSON line per call with level, message, timestamp, service and the keys passed', () => {
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'INFO');
    const logger = createLogger('test-service');

    const lines = captureLines(() => logger.info('Model loaded', { loadMs: 1.5 }));

    expect(lines).toHaveLength(1);
    expect(lines[0]!.stream).toBe('stdout');
    expect(lines[0]!.line).toMatchObject({ level: 'INFO', message: 'Model loaded', service: 'test-service', loadMs: 1.5 });
    expect(Date.parse(lines[0]!.line.timestamp as string)).not.toBeNaN();
  });

  it('says cold_start true on the first invocation this logger sees and false after, with each request id', () => {
    vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'on-demand');
    const logger = createLogger('test-service');

    const lines = captureLines(() => {
      for (const awsRequestId of ['first', 'second', 'third']) {
        logger.addContext(lambdaContext({ awsRequestId, functionName: 'fn' }));
        logger.info('Request handled');
      }
    });

    expect(lines.map(({ line }) => [line.function_request_id, line.cold_start, line.function_name])).toEqual([
      ['first', true, 'fn'],
      ['second', false, 'fn'],
      ['third', false, 'fn'],
    ]);
  });

  it('gives a second logger its own cold start, as Powertools does per instance', () => {
    const first = createLogger('a');
    first.addContext(lambdaContext({ awsRequestId: 'one' }));
    const second = createLogger('b');

    const lines = captureLines(() => {
      second.addContext(lambdaContext({ awsRequestId: 'two' }));
      second.info('Request handled');
    });

    expect(lines[0]!.line.cold_start).toBe(true);
  });

  it('never calls an invocation cold in an environment initialised for provisioned concurrency', () => {
    vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'provisioned-concurrency');
    const logger = createLogger('test-service');

    const lines = captureLines(() => {
      logger.addContext(lambdaContext({ awsRequestId: 'first' }));
      logger.info('Request handled');
    });

    expect(lines[0]!.line.cold_start).toBe(false);
  });

  it('keeps persistent keys, drops request keys at resetKeys, and lets the call\'s own keys win', () => {
    const logger = createLogger('test-service');
    logger.appendPersistentKeys({ modelVersion: 'v1' });

    const lines = captureLines(() => {
      logger.appendKeys({ path: '/predict', statusCode: 0 });
      logger.info('Request handled', { statusCode: 200 });
      logger.resetKeys();
      logger.info('Request handled');
    });

    expect(lines[0]!.line).toMatchObject({ modelVersion: 'v1', path: '/predict', statusCode: 200 });
    expect(lines[1]!.line).toMatchObject({ modelVersion: 'v1' });
    expect(lines[1]!.line).not.toHaveProperty('path');
  });

  it('writes WARN, ERROR and CRITICAL to stderr, an error with its name, message and stack', () => {
    const logger = createLogger('test-service');

    const lines = captureLines(() => {
      logger.warn('Request rejected');
      logger.error('Unhandled error', { error: new TypeError('Unsupported event') });
      logger.critical('Model failed to load');
    });

    expect(lines.map(({ stream, line }) => [stream, line.level])).toEqual([
      ['stderr', 'WARN'],
      ['stderr', 'ERROR'],
      ['stderr', 'CRITICAL'],
    ]);
    expect(lines[1]!.line.error).toMatchObject({ name: 'TypeError', message: 'Unsupported event', stack: expect.stringContaining('TypeError') as string });
  });

  it('drops lines below POWERTOOLS_LOG_LEVEL and writes nothing when SILENT', () => {
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'WARN');
    const warnOnly = createLogger('test-service');
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
    const silent = createLogger('test-service');

    const lines = captureLines(() => {
      warnOnly.info('hidden');
      warnOnly.warn('Request rejected');
      silent.critical('hidden too');
    });

    expect(lines.map(({ line }) => line.message)).toEqual(['Request rejected']);
    expect([warnOnly.getLevelName(), silent.getLevelName()]).toEqual(['WARN', 'SILENT']);
  });

  it('hands Lambda\'s runtime an object, not a string, when the function uses the JSON log format', () => {
    vi.stubEnv('AWS_LAMBDA_LOG_FORMAT', 'JSON');
    const logger = createLogger('test-service');
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);

    const lines = captureLines(() => {
      logger.addContext(lambdaContext({ awsRequestId: 'req-1' }));
      logger.info('Request handled', { statusCode: 200 });
      logger.critical('Model failed to load');
    });

    // The runtime adds timestamp, level and requestId around the object; nothing is written directly.
    expect(lines).toEqual([]);
    expect(info).toHaveBeenCalledExactlyOnceWith({ message: 'Request handled', service: 'test-service', cold_start: true, function_name: expect.any(String) as string, function_request_id: 'req-1', statusCode: 200 });
    expect(error).toHaveBeenCalledExactlyOnceWith(expect.objectContaining({ message: 'Model failed to load' }));
  });
});

describe('createPowertoolsLogger, the measured alternative', () => {
  it('writes the same keys the default logger writes for a handled request', () => {
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'INFO');
    vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'on-demand');
    const loggers = [createLogger('same-service'), createPowertoolsLogger('same-service')];

    const lines = loggers.map((logger) =>
      captureLines(() => {
        logger.appendPersistentKeys({ modelVersion: 'v1' });
        logger.addContext(lambdaContext({ awsRequestId: 'req-1' }));
        logger.info('Request handled', { statusCode: 200 });
      })[0]!.line,
    );

    const shared = ['level', 'message', 'service', 'cold_start', 'function_request_id', 'modelVersion', 'statusCode'];
    const pick = (line: Record<string, unknown>) => Object.fromEntries(shared.map((key) => [key, line[key]]));
    expect(pick(lines[0]!)).toEqual(pick(lines[1]!));
    expect(pick(lines[0]!)).toMatchObject({ level: 'INFO', cold_start: true, function_request_id: 'req-1' });
  });
});
