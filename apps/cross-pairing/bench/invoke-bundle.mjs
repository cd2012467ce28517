/* global process, console, performance */
/**
 * A stand-in for Lambda's Node.js runtime in a fresh process: imports a bundled handler
 * (its init phase), invokes it with each event of a JSON file, and prints one line per
 * response: `{"invokeResult":{index, initMs, invokeMs, peakRssBytes, maxRssBytes, initReport, response}}`.
 *
 * The same method as apps/footfall-lambda's bench/invoke-bundle.mjs (a process that
 * imports a bundle and answers one event is the cold-start proxy the BRIEF settles on),
 * plus peak memory and the handler's `initReport` export when it has one. The parent
 * times spawn → first line.
 *
 * Peak memory: `peakRssBytes` is VmHWM from /proc/self/status, the high-water mark of
 * this process image. `process.resourceUsage().maxRSS` is reported too (`maxRssBytes`),
 * but on Linux it is not this image's peak: the kernel carries the pre-exec maximum
 * across execve, and a spawned child starts as a fork of its parent, so maxRSS never
 * reads below the parent's RSS at spawn time (a 300 MB parent makes a 40 MB child
 * report 304 MB). Where /proc is missing (macOS), peakRssBytes falls back to maxRSS.
 * Both the footfall and the recommender packages run through this file, so their
 * numbers differ only by what the packages do. Plain JavaScript: nothing else loads.
 *
 * Usage: node bench/invoke-bundle.mjs <bundle.mjs> <events.json>
 */
import { existsSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [bundlePath, eventsPath] = process.argv.slice(2);
if (!bundlePath || !eventsPath) {
  console.error('Usage: node invoke-bundle.mjs <bundle.mjs> <events.json>');
  process.exit(2);
}
const events = JSON.parse(readFileSync(eventsPath, 'utf8'));

const importStarted = performance.now();
const module = await import(pathToFileURL(bundlePath).href);
const initMs = performance.now() - importStarted;

for (const [index, event] of events.entries()) {
  const started = performance.now();
  const response = await module.handler(event, lambdaContext(index));
  const invokeMs = performance.now() - started;
  const maxRssBytes = process.resourceUsage().maxRSS * 1024;
  const peakRssBytes = vmHighWaterMarkBytes() ?? maxRssBytes;
  const line = { invokeResult: { index, initMs, invokeMs, peakRssBytes, maxRssBytes, initReport: module.initReport ?? null, response } };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}
process.exit(0);

function vmHighWaterMarkBytes() {
  if (!existsSync('/proc/self/status')) return null;
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Number(match[1]) * 1024 : null;
}

function lambdaContext(index) {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'cross-pairing-bench',
    functionVersion: '1',
    invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:cross-pairing-bench:live',
    memoryLimitInMB: '10240',
    awsRequestId: `bench-${process.pid}-${index}`,
    logGroupName: '/aws/lambda/cross-pairing-bench',
    logStreamName: 'bench',
    getRemainingTimeInMillis: () => 900_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
