/**
 * The ELF walkthrough of docs/fitcheck.md (the `fitcheck:elf` block), from
 * docs/results/fitcheck-elf.json, which `npm run doc:elf -w @serverless-ai/fitcheck`
 * writes by reading the hnswlib-node addon with fitcheck's ELF parser. Lambda's runtime
 * facts (OS, glibc) come from fitcheck's limits table, the same one the verdicts use.
 */
import { compareVersions, DEFAULT_RUNTIME, type ElfWalkthrough, LAMBDA_RUNTIMES } from '@serverless-ai/fitcheck';

export type { ElfWalkthrough } from '@serverless-ai/fitcheck';
import { fillMarkedBlock } from '../marked-blocks.js';
import { readResultsJson, renderPage, type RenderedFile } from './rendered-file.js';

/** One library's versions, shortened per prefix to "first … last" when there are more than two. */
function versionsCell(versions: string[], requiredGlibc: string | null): string {
  const byPrefix = new Map<string, string[]>();
  for (const version of versions) {
    const prefix = version.replace(/[\d.]+$/, '');
    byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), version]);
  }
  return [...byPrefix.entries()]
    .map(([prefix, names]) => {
      const sorted = [...names].sort((a, b) => compareVersions(a.slice(prefix.length), b.slice(prefix.length)));
      const shown = sorted.length > 2 ? [sorted[0]!, sorted.at(-1)!] : sorted;
      const bold = shown.map((name) => (requiredGlibc !== null && name === `GLIBC_${requiredGlibc}` ? `**${name}**` : name));
      return sorted.length > 2 ? `${bold.join(' … ')} (${sorted.length} versions)` : bold.join(', ');
    })
    .join('; ');
}

/** The walkthrough's Markdown, from the JSON alone. */
export function renderWalkthrough(w: ElfWalkthrough): string {
  const is64 = w.bits === 64;
  const runtime = LAMBDA_RUNTIMES[DEFAULT_RUNTIME];
  const rows = w.versionNeeds.map((need) => `   | \`${need.file}\` | ${versionsCell(need.versions, w.requiredGlibc)} |`);
  const libc = w.versionNeeds.find((need) => need.file.startsWith('libc.so'))?.file;
  const fromWhere = w.requiredGlibcFrom === null ? '' : `, and it comes from \`${w.requiredGlibcFrom}\`${libc && libc !== w.requiredGlibcFrom ? `, not \`${libc}\`` : ''}`;
  const glibcVerdict = w.requiredGlibc !== null && compareVersions(w.requiredGlibc, runtime.glibc) <= 0 ? `so ${w.requiredGlibc} is fine` : `so ${w.requiredGlibc ?? 'it'} is too new`;
  const architecture =
    w.architecture === 'aarch64'
      ? 'The architecture matches too: this machine built an aarch64 addon, the CPU of the footfall stack (arm64, Graviton). Built on an x86_64 machine, the same file would fail there at `dlopen`, and fitcheck would say so from the ELF header.'
      : `The architecture is not: the footfall stack deploys on arm64 (Graviton), and an ${w.architecture} addon there fails at \`dlopen\`. fitcheck reports that as a failure even though the same file loads on this ${w.architecture} machine; the run cannot catch it, the ELF header can.`;
  return [
    `On the hnswlib-node addon this repo compiles (\`${w.file.path}\`, ${w.file.bytes.toLocaleString('en-US')} bytes), read on ${w.createdAt.slice(0, 10)} by \`${w.command}\` into [docs/results/fitcheck-elf.json](results/fitcheck-elf.json) (${w.machine.cpuModel}, ${w.machine.platform}, glibc ${w.machine.glibc ?? 'unknown'}):`,
    '',
    `1. Bytes 0–3 are \`7F 45 4C 46\` ("\\x7FELF"); byte 4 = ${is64 ? 2 : 1} (${w.bits}-bit), byte 5 = ${w.endianness === 'little' ? 1 : 2} (${w.endianness}-endian).`,
    `2. \`e_machine\` at offset 0x12 is ${w.machineCode}: **${w.architecture}**.`,
    `3. \`e_shoff\` (offset ${is64 ? '0x28' : '0x20'}) says the section header table starts at byte ${w.sectionHeaderOffset.toLocaleString('en-US')}; there are ${w.sectionCount}`,
    `   sections, and section ${w.sectionNamesIndex} holds their names.`,
    w.versionSection
      ? `4. Section ${w.versionSection.index}, \`${w.versionSection.name}\` (type \`SHT_GNU_verneed\`, 0x6ffffffe), lists per library the\n   versions needed; names are offsets into the string table its \`sh_link\` points at (\`.dynstr\`):`
      : '4. It has no `.gnu.version_r` section, so fitcheck falls back to scanning `.dynstr` for `GLIBC_` strings:',
    '',
    '   | library | versions needed |',
    '   |---|---|',
    ...rows,
    '',
    `5. The requirement is the newest \`GLIBC_\` across *all* libraries: **${w.requiredGlibc ?? 'none'}**${fromWhere}, which is why every entry`,
    '   is read. (Versions compare numerically: 2.9 < 2.14.)',
    '',
    `Lambda's ${DEFAULT_RUNTIME} runs on ${runtime.os}, whose glibc is ${runtime.glibc}, ${glibcVerdict}. ${architecture} The fix is to build`,
    'the bundle for the target (an arm64 build machine or image), which is the real cost of a native dependency.',
  ].join('\n');
}

/** docs/fitcheck.md with its `fitcheck:elf` block rendered from `walkthrough`. */
export function renderFitcheckDoc(doc: string, walkthrough: ElfWalkthrough): string {
  return fillMarkedBlock(doc, 'fitcheck:elf', renderWalkthrough(walkthrough), 'docs/fitcheck.md');
}

/** docs/fitcheck.md under `root`, with its `fitcheck:elf` block rendered from that root's fitcheck-elf.json. */
export function renderFitcheckElfPage(root: string): RenderedFile {
  return renderPage(root, 'docs/fitcheck.md', (page) => renderFitcheckDoc(page, readResultsJson<ElfWalkthrough>(root, 'fitcheck-elf.json')));
}
