/**
 * `npm run docs -w @serverless-ai/cost-model`: rewrites docs/cost-and-scaling.md from the
 * committed results. Run it after `npm run simulate -- --profile spike --json` and
 * `npm run cost -- --write-results`.
 */
import { writeFileSync } from 'node:fs';
import type { CostResults } from '../src/cli/cost-results.js';
import { DOCS_PAGE, readResultsFile } from '../src/cli/files.js';
import type { ElasticityResult } from '../src/elasticity.js';
import { renderCostDocs } from './docs-page.js';

writeFileSync(DOCS_PAGE, renderCostDocs(readResultsFile('cost-model.json') as CostResults, readResultsFile('elasticity.json') as ElasticityResult));
console.log(`wrote ${DOCS_PAGE}`);
