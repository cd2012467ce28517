/**
 * Which Lambda can load this native addon? Two facts in the `.node` file decide it:
 * the CPU it was compiled for (the ELF header's `e_machine`) and the newest glibc it
 * links against (its `.gnu.version_r` needs). fitcheck reads both the same way
 * (packages/fitcheck/src/elf.ts); here you write the two decisions yourself.
 */
import { compareVersions, parseElf } from '@serverless-ai/fitcheck';

/** What a Lambda needs to offer for this addon to load. */
export interface AddonTarget {
  /** Lambda's name for the CPU: `x86_64` or `arm64`; `other` for anything else. */
  architecture: 'x86_64' | 'arm64' | 'other';
  /** The newest `GLIBC_x.y` the addon needs from any glibc library, e.g. `2.17`; null if none. */
  glibc: string | null;
}

/** Reads an addon's target from its bytes. */
export function readAddonTarget(bytes: Uint8Array): AddonTarget {
  // parseElf checks the magic number and walks the sections; we use its version needs.
  const { versionNeeds } = parseElf(bytes);
  // e_machine: 2 bytes at offset 0x12, in the byte order EI_DATA (byte 5) names.
  const header = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const machine = header.getUint16(0x12, bytes[5] === 1);
  const architecture = machine === 62 ? 'x86_64' : machine === 183 ? 'arm64' : 'other';
  // Every glibc library (libc.so.6, libm.so.6, …) names its versions GLIBC_x.y.
  const glibcVersions = versionNeeds.flatMap((need) => need.versions).filter((v) => v.startsWith('GLIBC_')).map((v) => v.slice('GLIBC_'.length));
  const glibc = glibcVersions.sort(compareVersions).at(-1) ?? null;
  return { architecture, glibc };
}
