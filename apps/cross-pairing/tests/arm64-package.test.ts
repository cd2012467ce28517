/**
 * Serverless limit "dependencies", solved the way the article says: compile the native
 * library for Lambda's environment. The recommender's package for an arm64 function
 * carries hnswlib-node cross-compiled for linux-arm64-gnu (scripts/build-arm64-addon.sh);
 * here it runs, under qemu-aarch64, on Debian's arm64 Node (scripts/assemble-arm64-node.sh)
 * and answers a recommendation exactly as the x86_64 build does.
 *
 * Needs Debian's qemu-user and g++-aarch64-linux-gnu, and arm64 apt sources for the Node
 * packages (.ci/run installs all three). Without them the suite is skipped, and says why.
 * Emulation is slow (seconds per process): nothing here is timed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyse, EM_AARCH64, parseElf } from '@serverless-ai/fitcheck';
import { loadRecommenderArtifacts, MovieRecommender, VectorIndex } from '@serverless-ai/movie-recommender';
import { recentActivityFrom, recommendationsEvent } from '../src/events.js';
import { ARTIFACTS_FOLDER, INDEX_FILE } from '../src/recommender-lambda/config.js';
import { HANDLER_FILE, INVOKE_BUNDLE_SCRIPT } from '@serverless-ai/lambda-kit/bundle';
import { parseInvokeResults } from '@serverless-ai/lambda-kit/testing';
import { ARM64_ADDON, ASSEMBLE_ARM64_NODE_SCRIPT, BUILD_ARM64_ADDON_SCRIPT, RECOMMENDER_LAMBDA_DIR, RUN_ARM64_NODE_SCRIPT } from '../scripts/paths.js';
import { ADDON_FILE, assembleRecommenderBundle } from '../scripts/recommender-bundle.js';
import { makeTestCatalog, type TestCatalog } from './support/small-catalog.js';

/** The Debian packages this suite needs on the host, by the command each provides. */
const HOST_TOOLS = { 'qemu-aarch64': 'qemu-user', 'aarch64-linux-gnu-g++': 'g++-aarch64-linux-gnu' } as const;

const onPath = (command: string): boolean => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;

/** Why the suite cannot run here, or null when it can. Exit 3 from a script means a missing prerequisite. */
function missingPrerequisite(): string | null {
  const missing = Object.entries(HOST_TOOLS).filter(([command]) => !onPath(command));
  if (missing.length > 0) return `missing ${missing.map(([command, pkg]) => `${command} (apt: ${pkg})`).join(', ')}`;
  for (const script of [BUILD_ARM64_ADDON_SCRIPT, ASSEMBLE_ARM64_NODE_SCRIPT]) {
    const run = spawnSync(script, { encoding: 'utf8' });
    if (run.status === 3) return run.stderr.trim();
    if (run.status !== 0) throw new Error(`${script} failed (${run.status}):\n${run.stderr}`);
  }
  return null;
}

const skipReason = missingPrerequisite();
if (skipReason) console.warn(`arm64 package under qemu: skipped, ${skipReason}. .ci/run installs what it needs.`);

describe.skipIf(skipReason !== null)('the recommender package for an arm64 function', () => {
  let catalog: TestCatalog;
  let scratch: string;
  let packageDir: string;
  beforeAll(() => {
    catalog = makeTestCatalog();
    scratch = mkdtempSync(join(tmpdir(), 'cross-pairing-arm64-'));
    packageDir = join(scratch, 'package');
    assembleRecommenderBundle({ codeDir: RECOMMENDER_LAMBDA_DIR, artifactsDir: catalog.artifactsDir, snapshotPath: catalog.snapshotPath, addon: ARM64_ADDON }, packageDir);
  });
  afterAll(() => {
    catalog?.remove();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('carries an aarch64 addon that needs no newer glibc than Amazon Linux 2023 has', async () => {
    // Act
    const report = await analyse(packageDir, { static: true, arch: 'arm64', glibc: '2.34' });

    // Assert
    expect(report.nativeBinaries.map((n) => [n.path, n.architecture])).toEqual([[ADDON_FILE, 'aarch64']]);
    const codes = report.criteria.dependencies.findings.map((f) => f.code);
    expect(codes).not.toContain('NATIVE_WRONG_ARCH');
    expect(codes).not.toContain('NATIVE_GLIBC_TOO_NEW');
    expect(report.criteria.dependencies.status).not.toBe('fail');
  });

  it('loads under qemu-aarch64 on an arm64 Node and answers a recommendation as the x86_64 build does', () => {
    // Arrange: the reference answer, computed on this machine's own addon from the same catalog and snapshot.
    const artifacts = loadRecommenderArtifacts(join(packageDir, ARTIFACTS_FOLDER));
    const reference = new MovieRecommender({ artifacts, index: VectorIndex.load(join(packageDir, INDEX_FILE)) });
    const eventsFile = join(scratch, 'events.json');
    writeFileSync(eventsFile, JSON.stringify([recommendationsEvent(artifacts.movies, 10)]));
    expect(parseElf(readFileSync(join(packageDir, ADDON_FILE))).machine).toBe(EM_AARCH64);

    // Act
    const started = performance.now();
    const stdout = execFileSync(RUN_ARM64_NODE_SCRIPT, [INVOKE_BUNDLE_SCRIPT, join(packageDir, HANDLER_FILE), eventsFile], {
      cwd: packageDir,
      env: { PATH: process.env.PATH ?? '', POWERTOOLS_LOG_LEVEL: 'WARN' },
      encoding: 'utf8',
      timeout: 120_000,
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);

    // Assert
    const [invokeResult] = parseInvokeResults<{ indexMode: string }>(stdout);
    expect(invokeResult, stdout).toBeDefined();
    expect(invokeResult!.response.statusCode).toBe(200);
    expect(invokeResult!.initReport?.indexMode).toBe('snapshot');
    expect(JSON.parse(invokeResult!.response.body)).toEqual(reference.predict({ recentActivity: recentActivityFrom(artifacts.movies), k: 10 }));
    console.log(`arm64 package under qemu-aarch64: init and one recommendation in ${seconds} s (emulated; not a Lambda timing)`);
  }, 180_000);
});
