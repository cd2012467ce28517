/**
 * `@serverless-ai/lambda-kit/invoke-bundle`: one cold start of a bundled Lambda handler, in a fresh process.
 *
 * A stand-in for Lambda's Node.js runtime (its emulator cannot run here): imports a
 * bundled handler (its init phase), invokes it with each event of a JSON file, and
 * prints one line per response:
 *   `{"invokeResult":{index, initMs, invokeMs, cpuMs, peakRssBytes, initReport, response}}`
 * The handler's own log lines go to the same stdout. The parent times spawn → first
 * line. Both Lambda packages (footfall and the recommender) run through this file, so
 * their numbers differ only by what the packages do.
 *
 * Peak memory, one measure: `peakRssBytes` is VmHWM from /proc/self/status, the
 * high-water mark of this process image, in bytes. Not `process.resourceUsage().maxRSS`:
 * on Linux the kernel carries the pre-exec maximum across execve, and a spawned child
 * starts as a fork of its parent, so maxRSS never reads below the parent's RSS at spawn
 * (a 300 MB parent makes a 40 MB child report 304 MB). Only where /proc is missing
 * (macOS) does peakRssBytes fall back to maxRSS.
 *
 * CPU time, the measure a busy machine disturbs least: `cpuMs` is this process's user +
 * system CPU time (`process.cpuUsage()`) from its start to the moment the response is
 * ready, Node's own start-up included. Wall-clock times stretch when other processes
 * take the cores; CPU time mostly does not.
 *
 * `initReport` is the handler module's `initReport` export when it has one (the
 * recommender's breakdown of its init phase), else null.
 *
 * Plain JavaScript on purpose: nothing but the bundle under test and the tiny context
 * module is loaded. Usage: node invoke-bundle.mjs <bundle.mjs> <events.json>
 */
import { existsSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { pathToFileURL } from 'node:url';
import { lambdaContext } from './dist/lambda-context.js';

const [bundlePath, eventsPath] = process.argv.slice(2);
if (!bundlePath || !eventsPath) {
  process.stderr.write('Usage: node invoke-bundle.mjs <bundle.mjs> <events.json>\n');
  process.exit(2);
}
const events = JSON.parse(readFileSync(eventsPath, 'utf8'));

// As Lambda's runtime does for an on-demand environment (the loggers read it for `cold_start`).
process.env.AWS_LAMBDA_INITIALIZATION_TYPE ??= 'on-demand';

const importStarted = performance.now();
const module = await import(pathToFileURL(bundlePath).href);
const initMs = performance.now() - importStarted;

let peakRssBytes = 0;
for (const [index, event] of events.entries()) {
  const context = lambdaContext({ awsRequestId: `bench-${process.pid}-${index}`, functionName: 'invoke-bundle', memoryLimitInMB: '10240', remainingTimeMs: 900_000 });
  const started = performance.now();
  const response = await module.handler(event, context);
  const invokeMs = performance.now() - started;
  const { user, system } = process.cpuUsage();
  const cpuMs = (user + system) / 1000;
  // A high-water mark never falls, but the kernel syncs per-thread RSS counters lazily, so two
  // readings can differ by a few hundred KB the wrong way: keep the highest seen.
  peakRssBytes = Math.max(peakRssBytes, vmHighWaterMarkBytes() ?? process.resourceUsage().maxRSS * 1024);
  const line = { invokeResult: { index, initMs, invokeMs, cpuMs, peakRssBytes, initReport: module.initReport ?? null, response } };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}
process.exit(0);

/** VmHWM of this process image in bytes, or null where /proc is missing. */
function vmHighWaterMarkBytes() {
  if (!existsSync('/proc/self/status')) return null;
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Number(match[1]) * 1024 : null;
}
