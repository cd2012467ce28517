/**
 * Measuring a Lambda deployment package: bytes on disk and bytes once zipped.
 *
 * Serverless limit "dependencies": Lambda refuses a package above 50 MB zipped (direct
 * upload) or 250 MB unzipped, and every byte is read during a cold start. This module is
 * how the repo keeps count: `npm run build` writes dist/size-report.json with it and
 * tests/bundle.test.ts fails the build above the limits and the project's budget.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { zipSync, type Zippable } from 'fflate';
import type { Metafile } from 'esbuild';
import { HANDLER_FILE } from '@serverless-ai/lambda-kit/bundle';
import { APP_DIR, LAMBDA_DIR, LAMBDA_METAFILE, SIZE_REPORT } from './paths.js';

const MiB = 1024 * 1024;

// #region size-budget
/** Lambda's hard limits and this project's own budget, in bytes. */
export const SIZE_LIMITS = {
  /** Lambda: a .zip uploaded directly (not through S3) may be at most 50 MB. */
  lambdaZippedBytes: 50 * MiB,
  /** Lambda: the unzipped function code plus layers may be at most 250 MB. */
  lambdaUnzippedBytes: 250 * MiB,
  /** Ours: the footfall package stays under 1 MB zipped, so it never drifts toward the limits. */
  budgetZippedBytes: 1 * MiB,
} as const;
// #endregion size-budget

/**
 * Deflate level for the in-memory zip. 6 is zlib's and the `zip` tool's default, which
 * is what `zip -r function.zip .` (the Lambda docs' upload recipe) produces.
 */
export const ZIP_LEVEL = 6;

/** One file of the package. */
export interface PackageFile {
  path: string;
  bytes: number;
}

/** Size of a deployment package folder. */
export interface PackageSize {
  files: PackageFile[];
  /** Sum of file sizes: what counts against the 250 MB unzipped limit. */
  bytes: number;
  /** Size of the folder zipped at `ZIP_LEVEL`: what counts against the 50 MB limit. */
  zippedBytes: number;
}

/** Zips `directory` in memory (as Lambda would receive it) and measures it. */
export function measurePackage(directory: string): PackageSize {
  const files: PackageFile[] = [];
  const zippable: Zippable = {};
  for (const path of listFiles(directory)) {
    const data = readFileSync(join(directory, path));
    files.push({ path, bytes: data.byteLength });
    zippable[path] = [data, { level: ZIP_LEVEL }];
  }
  const zipped = zipSync(zippable);
  return { files, bytes: files.reduce((sum, file) => sum + file.bytes, 0), zippedBytes: zipped.byteLength };
}

function listFiles(directory: string, root = directory): string[] {
  return readdirSync(directory)
    .sort()
    .flatMap((name) => {
      const path = join(directory, name);
      return statSync(path).isDirectory() ? listFiles(path, root) : [relative(root, path)];
    });
}

/**
 * Bytes each package contributes to a bundle, from esbuild's metafile, largest first.
 * Shows where the size comes from (`zod`, `@aws-lambda-powertools/logger`, ...).
 */
export function bytesByPackage(inputs: Record<string, { bytesInOutput: number }>): Record<string, number> {
  const totals = new Map<string, number>();
  for (const [path, { bytesInOutput }] of Object.entries(inputs)) {
    const name = packageOf(path);
    totals.set(name, (totals.get(name) ?? 0) + bytesInOutput);
  }
  return Object.fromEntries([...totals].sort((a, b) => b[1] - a[1]));
}

function packageOf(path: string): string {
  const inNodeModules = path.split('node_modules/').at(-1)!;
  if (inNodeModules !== path) {
    const [scopeOrName = '', name = ''] = inNodeModules.split('/');
    return scopeOrName.startsWith('@') ? `${scopeOrName}/${name}` : scopeOrName;
  }
  const workspace = /(?:^|\/)packages\/([^/]+)\//.exec(path);
  if (workspace) return `@serverless-ai/${workspace[1]}`;
  return '(this app)';
}

/** The content of dist/size-report.json. */
export interface SizeReport extends PackageSize {
  /** The measured folder, relative to the app. */
  package: string;
  zipLevel: number;
  /** Bytes of the handler bundle contributed by each package (from esbuild's metafile). */
  handlerBytesByPackage: Record<string, number>;
  limits: typeof SIZE_LIMITS;
  withinLambdaLimits: boolean;
  withinBudget: boolean;
}

/**
 * Measures dist/lambda, explains the handler bundle with the esbuild metafile the build
 * saved, and writes dist/size-report.json.
 */
export function writeSizeReport(): SizeReport {
  const size = measurePackage(LAMBDA_DIR);
  const metafile = JSON.parse(readFileSync(LAMBDA_METAFILE, 'utf8')) as Metafile;
  const handlerOutput = Object.entries(metafile.outputs).find(([path]) => path.endsWith(`/${HANDLER_FILE}`))?.[1];
  const report: SizeReport = {
    package: relative(APP_DIR, LAMBDA_DIR),
    zipLevel: ZIP_LEVEL,
    ...size,
    handlerBytesByPackage: bytesByPackage(handlerOutput?.inputs ?? {}),
    limits: SIZE_LIMITS,
    withinLambdaLimits: size.zippedBytes <= SIZE_LIMITS.lambdaZippedBytes && size.bytes <= SIZE_LIMITS.lambdaUnzippedBytes,
    withinBudget: size.zippedBytes <= SIZE_LIMITS.budgetZippedBytes,
  };
  writeFileSync(SIZE_REPORT, `${JSON.stringify(report, null, 2)}\n`);
  return report;
}
