/**
 * The shapes of the two results files fitcheck's doc scripts write, so the script that
 * writes a file and the renderer that reads it (packages/results-docs) share one type:
 * docs/results/fitcheck-elf.json (`npm run doc:elf`) and fitcheck-examples.json
 * (`npm run doc:examples`).
 */
import type { VersionNeed } from './elf.js';
import type { FitReport, MachineInfo } from './report.js';

/** What docs/results/fitcheck-elf.json holds: the hnswlib-node addon as the ELF parser reads it. */
export interface ElfWalkthrough {
  name: 'fitcheck-elf';
  command: string;
  createdAt: string;
  machine: MachineInfo;
  file: { path: string; bytes: number; sha256: string };
  bits: 32 | 64;
  endianness: 'little' | 'big';
  machineCode: number;
  architecture: string;
  sectionHeaderOffset: number;
  sectionCount: number;
  sectionNamesIndex: number;
  versionSection: { index: number; name: string } | null;
  versionNeeds: VersionNeed[];
  requiredGlibc: string | null;
  /** The library whose version needs contain `requiredGlibc`. */
  requiredGlibcFrom: string | null;
}

/** One example: the command a reader would type, what it was about, and the report it produced. */
export interface Example {
  title: string;
  command: string;
  report: FitReport;
}

/** What docs/results/fitcheck-examples.json holds. */
export interface ExampleResults {
  name: 'fitcheck-examples';
  command: string;
  createdAt: string;
  machine: MachineInfo;
  notes: string[];
  /** Printed as tables in the README, in this order. */
  examples: Example[];
  /** Shown as the JSON excerpt. */
  jsonExample: Example;
}
