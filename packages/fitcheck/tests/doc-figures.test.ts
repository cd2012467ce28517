/**
 * docs/results/fitcheck-elf.json (`npm run doc:elf`) holds what fitcheck's ELF parser
 * reads from the real hnswlib-node addon; packages/results-docs renders the walkthrough
 * of docs/fitcheck.md from it (and checks the committed page matches).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ELF_RESULTS_JSON, readWalkthrough, type ElfWalkthrough } from '../scripts/elf-walkthrough.js';
import { hnswAddonPath } from './fixtures.js';

const walkthrough = JSON.parse(readFileSync(ELF_RESULTS_JSON, 'utf8')) as ElfWalkthrough;

describe('docs/results/fitcheck-elf.json', () => {
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
