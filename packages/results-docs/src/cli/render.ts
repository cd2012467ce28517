/**
 * `npm run render`: regenerates every chart (docs/results/*.svg) and every generated
 * block and page of the docs from docs/results/*.json and the committed model artifacts.
 * The benchmarks only measure and write JSON; run this after them (the root
 * `npm run bench` does). On the committed JSON it changes nothing.
 */
import { relative } from 'node:path';
import { REPO_DIR } from '../paths.js';
import { renderRepository } from '../render-all.js';

const report = await renderRepository(REPO_DIR);
for (const path of report.written) console.log(`wrote ${relative(REPO_DIR, path)}`);
for (const { chart, reason } of report.skipped) console.log(`skipped ${chart}: ${reason}`);
console.log(`${report.rendered.length} generated files, ${report.written.length} changed`);
