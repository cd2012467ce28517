/**
 * `npm start`: build, start the footfall Lambda's local server, the recommender
 * container's service and the demo page, print where they are and what they cost,
 * and stop them all on Ctrl-C.
 *
 * Run with `node --import tsx scripts/start.ts [--skip-build]`. Ports come from
 * FOOTFALL_PORT, RECOMMENDER_PORT and DEMO_PORT (3001, 3002, 3000). The steps live in
 * apps/demo-dashboard/src/orchestrator/ (imported as TypeScript through tsx, so no
 * build is needed before the build step), where the end-to-end test reuses them.
 */
import { parseArgs } from 'node:util';
import { configFromEnv, runStart } from '../apps/demo-dashboard/src/orchestrator/start.js';

const { values } = parseArgs({
  options: {
    'skip-build': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log(`Usage: npm start [-- --skip-build]

Builds the repo, then starts on loopback:
  footfall Lambda local server   FOOTFALL_PORT     (default 3001)
  recommender container service  RECOMMENDER_PORT  (default 3002)
  demo page                      DEMO_PORT         (default 3000)
Ctrl-C stops everything.`);
  process.exit(0);
}

try {
  process.exitCode = await runStart(configFromEnv(process.env, values['skip-build']));
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
}
