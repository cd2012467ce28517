/**
 * The figures docs/fitcheck.md and the README quote about fitcheck's own output come
 * from results JSON, never typed by hand:
 * - the ELF walkthrough of the hnswlib-node addon, from docs/results/fitcheck-elf.json
 *   (`npm run doc:elf`), which reads the real file;
 * - the README's example outputs and JSON excerpt, from the full reports in
 *   docs/results/fitcheck-examples.json (`npm run doc:examples`).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ELF_RESULTS_JSON, FITCHECK_DOC, readWalkthrough, renderFitcheckDoc, type ElfWalkthrough } from '../scripts/elf-walkthrough.js';
import { EXAMPLES_JSON, README, renderReadme, type ExampleResults } from '../scripts/readme-examples.js';
import { hnswAddonPath } from './fixtures.js';

const walkthrough = JSON.parse(readFileSync(ELF_RESULTS_JSON, 'utf8')) as ElfWalkthrough;
const examples = JSON.parse(readFileSync(EXAMPLES_JSON, 'utf8')) as ExampleResults;
const doc = readFileSync(FITCHECK_DOC, 'utf8');
const readme = readFileSync(README, 'utf8');

describe('docs/fitcheck.md: the ELF walkthrough', () => {
  it('shows exactly the figures of docs/results/fitcheck-elf.json (npm run doc:elf rewrites both)', () => {
    expect(renderFitcheckDoc(doc, walkthrough), '🚨 run npm run doc:elf -w @serverless-ai/fitcheck and commit both files').toBe(doc);
  });

  it('changes when a figure in the JSON changes, so a hand-edited offset cannot pass', () => {
    const edited = { ...walkthrough, sectionHeaderOffset: walkthrough.sectionHeaderOffset + 1 };
    expect(renderFitcheckDoc(doc, edited)).toContain(`starts at byte ${edited.sectionHeaderOffset.toLocaleString('en-US')}`);
  });

  it('holds what parseElf reads from the addon, when this machine built the same file', () => {
    const addon = readFileSync(hnswAddonPath());
    const sameFile = createHash('sha256').update(addon).digest('hex') === walkthrough.file.sha256;
    const fresh = readWalkthrough(hnswAddonPath());
    // A rebuilt addon (another compiler) has other offsets; then only its structure is compared.
    const { createdAt: _a, machine: _m, ...figures } = fresh;
    const { createdAt: _b, machine: _n, ...recorded } = walkthrough;
    if (sameFile) expect(figures).toEqual(recorded);
    else expect(Object.keys(figures)).toEqual(Object.keys(recorded));
  });
});

describe('packages/fitcheck/README.md: the example outputs', () => {
  it('shows exactly the reports stored in docs/results/fitcheck-examples.json (npm run doc:examples rewrites both)', () => {
    expect(renderReadme(readme, examples), '🚨 run npm run doc:examples -w @serverless-ai/fitcheck (-- --render-only after a change to formatReport)').toBe(readme);
  });

  it('changes when a stored report changes, so a hand-edited timing cannot pass', () => {
    const [first, ...rest] = examples.examples;
    const init = first!.report.init!;
    const slower = { ...init, initMs: { ...init.initMs!, median: 98_765 } };
    const edited: ExampleResults = { ...examples, examples: [{ ...first!, report: { ...first!.report, init: slower } }, ...rest] };
    expect(renderReadme(readme, edited)).toContain('98.8 s');
  });
});
