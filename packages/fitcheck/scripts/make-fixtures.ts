/**
 * `npm run fixtures -w @serverless-ai/fitcheck -- <folder>`: writes the three test
 * bundles (small JSON model, hnswlib-node + 80 MB of vectors, sparse 300 MB folder)
 * into <folder>, so you can point fitcheck at them yourself. See tests/fixtures.ts.
 */
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { makeHnswBundle, makeOversizedBundle, makeSmallModelBundle } from '../tests/fixtures.js';

const target = process.argv[2];
if (!target) {
  process.stderr.write('Usage: npm run fixtures -w @serverless-ai/fitcheck -- <folder>\n');
  process.exit(2);
}
const root = resolve(target);
await mkdir(root, { recursive: true });
for (const fixture of [await makeSmallModelBundle(root), await makeHnswBundle(root), await makeOversizedBundle(root)]) {
  process.stdout.write(`${fixture.dir}  (event: ${fixture.eventFile})\n`);
}
