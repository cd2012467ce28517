/**
 * `npm run doc:elf -w @serverless-ai/fitcheck`: reads the hnswlib-node addon this
 * machine compiled, the way `src/elf.ts` does, writes what it found to
 * docs/results/fitcheck-elf.json. `npm run render` (packages/results-docs) turns that JSON
 * into the step-by-step walkthrough in docs/fitcheck.md (the `fitcheck:elf` block). Every
 * offset, index and version the walkthrough quotes comes from the file, so a rebuilt addon
 * cannot leave the page describing a file that no longer exists. tests/doc-figures.test.ts
 * checks that the JSON holds what parseElf reads from the addon.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { machineInfo } from '../src/analyse.js';
import { parseElf, readElfLayout } from '../src/elf.js';
import type { ElfWalkthrough } from '../src/doc-results.js';
import { hnswAddonPath } from '../tests/fixtures.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const ELF_RESULTS_JSON = join(repoRoot, 'docs', 'results', 'fitcheck-elf.json');
const SHT_GNU_VERNEED = 0x6ffffffe;

export type { ElfWalkthrough } from '../src/doc-results.js';

/** Reads the addon at `path` into the walkthrough's figures. */
export function readWalkthrough(path: string): ElfWalkthrough {
  const bytes = readFileSync(path);
  const elf = parseElf(bytes);
  const layout = readElfLayout(bytes);
  const versionSection = layout.sections.find((s) => s.type === SHT_GNU_VERNEED);
  const from = elf.versionNeeds.find((need) => need.versions.includes(`GLIBC_${elf.requiredGlibc}`));
  return {
    name: 'fitcheck-elf',
    command: 'npm run doc:elf -w @serverless-ai/fitcheck',
    createdAt: new Date().toISOString(),
    machine: machineInfo(),
    file: { path: relative(repoRoot, path).split('\\').join('/'), bytes: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') },
    bits: elf.bits,
    endianness: elf.endianness,
    machineCode: elf.machine,
    architecture: elf.architecture,
    sectionHeaderOffset: layout.sectionHeaderOffset,
    sectionCount: layout.sectionCount,
    sectionNamesIndex: layout.sectionNamesIndex,
    versionSection: versionSection ? { index: versionSection.index, name: versionSection.name } : null,
    versionNeeds: elf.versionNeeds,
    requiredGlibc: elf.requiredGlibc,
    requiredGlibcFrom: from?.file ?? null,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  writeFileSync(ELF_RESULTS_JSON, `${JSON.stringify(readWalkthrough(hnswAddonPath()), null, 2)}\n`);
  console.log(`wrote ${ELF_RESULTS_JSON}; \`npm run render\` turns it into docs/fitcheck.md's walkthrough`);
}
