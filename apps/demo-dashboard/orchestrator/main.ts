/**
 * Entry of "start the demo": the root `npm start` delegates here through this
 * package's `start:demo` script (`node --import tsx orchestrator/main.ts`).
 *
 * It runs as TypeScript through tsx, so it works before anything is built: building
 * is one of its steps. Ports come from FOOTFALL_PORT, RECOMMENDER_PORT and DEMO_PORT
 * (3001, 3002, 3000). The steps are in start.ts.
 */
import { parseArgs } from 'node:util';
import { configFromEnv, runStart } from './start.js';

const { values } = parseArgs({
  options: {
    'skip-build': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log(`Usage: npm start [-- --skip-build]

Builds what the demo needs, then starts on loopback:
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
