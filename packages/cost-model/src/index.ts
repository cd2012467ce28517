/**
 * @serverless-ai/cost-model: what each home costs and how each absorbs a burst.
 *
 * - prices.ts: the dated us-east-1 price table (prices/us-east-1.json), the only place a price is typed.
 * - measured.ts: the repository's benchmark figures, read from docs/results/*.json.
 * - cost.ts, comparison.ts: monthly bills by line item and the break-even request rate.
 * - simulation.ts, elasticity.ts: a seeded discrete-event simulation of a traffic profile on each home.
 *
 * Everything exported here is pure TypeScript with no Node.js API, so the demo page bundles
 * the same code the CLI runs. The CLIs (src/cli/) read and write files and are not exported.
 */
export * from './comparison.js';
export * from './cost.js';
export * from './elasticity.js';
export * from './erlang.js';
export * from './measured.js';
export * from './prices.js';
export * from './random.js';
export * from './simulation.js';
export * from './stacks.js';
