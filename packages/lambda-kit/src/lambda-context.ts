/**
 * The one stand-in for the `context` object Lambda's runtime passes to a handler.
 *
 * Tests call handlers with it (through `@serverless-ai/lambda-kit/testing`), and the
 * invoke-bundle harness uses the same function for its cold starts (it imports the
 * compiled dist/lambda-context.js, which loads nothing else). Powertools Logger reads
 * `awsRequestId`, `functionName` and `memoryLimitInMB` from it into every log line.
 */
import type { Context } from 'aws-lambda';

/** The fields of a context that a test or a harness may want to choose. */
export interface LambdaContextOptions {
  /** @default a fresh `test-request-<n>` per call */
  awsRequestId?: string;
  /** @default 'lambda-kit-test' */
  functionName?: string;
  /** @default '512' */
  memoryLimitInMB?: string;
  /** What `getRemainingTimeInMillis()` answers. @default 10000 */
  remainingTimeMs?: number;
}

let invocation = 0;

/** A Lambda context shaped like the one the Node.js runtime passes. */
export function lambdaContext(options: LambdaContextOptions = {}): Context {
  const functionName = options.functionName ?? 'lambda-kit-test';
  const remainingTimeMs = options.remainingTimeMs ?? 10_000;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '1',
    invokedFunctionArn: `arn:aws:lambda:eu-west-1:123456789012:function:${functionName}:live`,
    memoryLimitInMB: options.memoryLimitInMB ?? '512',
    awsRequestId: options.awsRequestId ?? `test-request-${++invocation}`,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2025/03/10/[1]abcdef',
    getRemainingTimeInMillis: () => remainingTimeMs,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
