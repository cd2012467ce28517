/**
 * A stand-in for Lambda's runtime in a fresh process: imports a bundled handler (its
 * init phase), invokes it with each event of a JSON file, and prints one line per
 * response: `{"invokeResult":{index, initMs, invokeMs, maxRssKiB, response}}`. The handler's own
 * log lines go to the same stdout.
 *
 * Used by the cold-start benchmark (bench/run.ts) and tests/bundle.test.ts. Plain
 * JavaScript on purpose: nothing but the bundle under test is loaded.
 *
 * Usage: node bench/invoke-bundle.mjs <bundle.mjs> <events.json>
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { pathToFileURL } from 'node:url';

const [bundlePath, eventsPath] = process.argv.slice(2);
if (!bundlePath || !eventsPath) {
  process.stderr.write('Usage: node invoke-bundle.mjs <bundle.mjs> <events.json>\n');
  process.exit(2);
}
const events = JSON.parse(readFileSync(eventsPath, 'utf8'));

// As Lambda's runtime does for an on-demand environment (Powertools reads it for `cold_start`).
process.env.AWS_LAMBDA_INITIALIZATION_TYPE ??= 'on-demand';

const importStarted = performance.now();
const { handler } = await import(pathToFileURL(bundlePath).href);
const initMs = performance.now() - importStarted;

for (const [index, event] of events.entries()) {
  const started = performance.now();
  const response = await handler(event, lambdaContext(index));
  const invokeMs = performance.now() - started;
  // Peak memory so far (KiB), for sizing the function's memory: VmHWM of this process image.
  // Not process.resourceUsage().maxRSS, which on Linux carries the parent's peak across execve.
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
  const maxRssKiB = match ? Number(match[1]) : process.resourceUsage().maxRSS;
  process.stdout.write(`${JSON.stringify({ invokeResult: { index, initMs, invokeMs, maxRssKiB, response } })}\n`);
}

function lambdaContext(index) {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'footfall-bench',
    functionVersion: '1',
    invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:footfall-bench:live',
    memoryLimitInMB: '512',
    awsRequestId: `bench-${process.pid}-${index}`,
    logGroupName: '/aws/lambda/footfall-bench',
    logStreamName: 'bench',
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
