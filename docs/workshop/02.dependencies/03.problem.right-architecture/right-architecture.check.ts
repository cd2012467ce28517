/**
 * Checks for step 02.03: the package for an arm64 function carries hnswlib-node's addon
 * compiled for arm64, as fitcheck and the addon's own ELF header say, and the x86_64
 * package still carries (and loads) the one npm compiled on this x86_64 machine.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EM_AARCH64, parseElf, type FitReport } from '@serverless-ai/fitcheck';
import { INVOKE_BUNDLE_SCRIPT } from '@serverless-ai/lambda-kit/bundle';
import { parseInvokeResults } from '@serverless-ai/lambda-kit/testing';
import { ensureArm64HnswAddon, REPO_DIR } from '@serverless-ai/workshop/kit';
import { ADDON_IN_PACKAGE, assembleLambdaPackage, TARGET_ARCHITECTURE, type LambdaArchitecture } from './assemble.js';

const FITCHECK = join(REPO_DIR, 'packages/fitcheck/dist/cli.js');
/** The CPUs this machine can build for: arm64 always (cross-compiled), x86_64 where npm compiled it (an x86_64 machine). */
const TARGETS: LambdaArchitecture[] = process.arch === 'x64' ? ['arm64', 'x86_64'] : ['arm64'];
/** What to do when a package's addon is for the wrong CPU. */
const ADVICE: Record<LambdaArchitecture, string> = {
  arm64:
    "In addonFor, return the addon compiled for arm64 when the function is arm64: ARM64_HNSW_ADDON from '@serverless-ai/workshop/kit' (apps/cross-pairing cross-compiles it), not node_modules/hnswlib-node/build/Release/addon.node, which npm compiled for the machine that ran `npm ci`.",
  x86_64: 'In addonFor, keep returning the addon npm installed (node_modules/hnswlib-node/build/Release/addon.node) for an x86_64 function: on this x86_64 machine it is the x86_64 build.',
};

let root: string;
const packages = {} as Record<LambdaArchitecture, { dir: string; report: FitReport }>;

/** fitcheck's JSON report on a folder (exit 0 fits, 1 does not: both print a report). */
async function fitcheck(dir: string, architecture: LambdaArchitecture): Promise<FitReport> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [FITCHECK, dir, '--json', '--static', '--arch', architecture], { maxBuffer: 16 * 2 ** 20 });
    return JSON.parse(stdout) as FitReport;
  } catch (err) {
    const failed = err as { code?: number; stdout?: string };
    if (failed.code !== 1 || !failed.stdout) throw err;
    return JSON.parse(failed.stdout) as FitReport;
  }
}

beforeAll(async () => {
  // Cross-compiles the arm64 addon once if this machine has not built it yet, or fails saying how.
  ensureArm64HnswAddon();
  root = mkdtempSync(join(tmpdir(), 'right-architecture-check-'));
  for (const architecture of TARGETS) {
    const dir = await assembleLambdaPackage(join(root, architecture), architecture);
    packages[architecture] = { dir, report: await fitcheck(dir, architecture) };
  }
}, 300_000);

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('the recommender-like Lambda package', () => {
  it('targets arm64 by default, the cheaper Graviton CPU', () => {
    expect(TARGET_ARCHITECTURE, 'Keep TARGET_ARCHITECTURE on arm64: Lambda bills arm64 for less per GB-second. Fix the package for the CPU, not the CPU for the package.').toBe('arm64');
  });

  it.each(TARGETS)('carries hnswlib-node\'s addon where Node looks for it, in the %s package', (architecture) => {
    const { report } = packages[architecture];
    expect(report.nativeBinaries.map((binary) => binary.path), `The package must ship exactly one native addon, at ${ADDON_IN_PACKAGE}: that is where hnswlib-node's loader looks for it.`).toEqual([ADDON_IN_PACKAGE]);
  });

  it.each(TARGETS)('passes fitcheck --arch %s with no NATIVE_WRONG_ARCH finding', (architecture) => {
    const { report } = packages[architecture];
    const wrongArch = report.criteria.dependencies.findings.filter((finding) => finding.code === 'NATIVE_WRONG_ARCH');
    const shipped = report.nativeBinaries.map((binary) => `${binary.path} is built for ${binary.architecture}`).join('; ');
    expect(wrongArch.map((finding) => finding.message), `fitcheck --arch ${architecture} says the addon will not load (${shipped}). ${ADVICE[architecture]}`).toEqual([]);
  });

  it('ships an addon whose ELF header says aarch64 (e_machine 183) in the arm64 package', () => {
    const elf = parseElf(readFileSync(join(packages.arm64.dir, ADDON_IN_PACKAGE)));
    expect(elf.machine, `The arm64 package's addon has e_machine ${elf.machine} (${elf.architecture}); an arm64 function loads only e_machine ${EM_AARCH64} (aarch64). ${ADVICE.arm64}`).toBe(EM_AARCH64);
  });

  it.runIf(TARGETS.includes('x86_64'))('still loads hnswlib-node and answers a search from the x86_64 package, in a fresh Node process', () => {
    const eventsFile = join(root, 'events.json');
    writeFileSync(eventsFile, JSON.stringify([{ vector: Array.from({ length: 64 }, (_, i) => Math.sin(i)) }]));
    let stdout: string;
    try {
      stdout = execFileSync(process.execPath, [INVOKE_BUNDLE_SCRIPT, join(packages.x86_64.dir, 'index.mjs'), eventsFile], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      stdout = `${(err as { stdout?: string }).stdout ?? ''}${(err as { stderr?: string }).stderr ?? ''}`;
    }
    const [result] = parseInvokeResults(stdout);
    expect(result?.response.statusCode, `The x86_64 package did not answer 200 on this x86_64 machine. ${ADVICE.x86_64}\n${stdout.slice(-1500)}`).toBe(200);
    const { neighbors } = JSON.parse(result!.response.body) as { neighbors: number[] };
    expect(neighbors, 'The handler should return the 5 nearest of the indexed vectors.').toHaveLength(5);
  });
});
