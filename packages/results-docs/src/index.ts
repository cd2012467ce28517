/**
 * @serverless-ai/results-docs, the shared results format the benchmarks write: the
 * machine block (`machine()`), the statistics they quote, the generated-block markers
 * and the results-file reader. Light on purpose: a bench imports this entry only.
 *
 * The renderers (every docs page, generated block and chart, from docs/results/*.json)
 * are the `@serverless-ai/results-docs/render` entry, run by `npm run render`
 * (src/cli/render.ts).
 */
export { describeMachine, machine, type MachineAtStart, type MachineBlock } from './machine.js';
export { median, percentile, round } from './stats.js';
export { blockMarkers, fillMarkedBlock, fillMarkedBlocks, readMarkedBlock, type BlockMarkers } from './marked-blocks.js';
export { readResults, ResultsFileError, valueAt } from './results.js';
export { REPO_DIR, RESULTS_DIR, resultsDirOf } from './paths.js';
export type { BreakEvenFigures, BreakEvenRow } from './cost-results.js';
export type { ReadingOrderGroup, ReadingOrderItem } from './pages/start-page.js';
