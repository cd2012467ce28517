/**
 * AWS Lambda's published limits, and the thresholds fitcheck judges a bundle by.
 *
 * Every number here has a source, quoted next to it, because the docs and the
 * verdicts quote these numbers back to readers. Edit this file when AWS changes a
 * quota or when the project decides a warning should fire earlier or later; the
 * CLI flags override the thresholds per run, the limits themselves never move.
 */

/** One mebibyte. Lambda's "MB" are binary: `get-account-settings` reports CodeSizeUnzipped = 262144000 = 250 × 2^20. */
export const MB = 1024 * 1024;

/** A limit as AWS documents it, with the page it comes from. */
export interface DocumentedLimit {
  /** A number, or a dotted version string for `unit: 'version'`. */
  value: number | string;
  unit: 'bytes' | 'MB' | 'ms' | 'version';
  source: string;
}

/**
 * Lambda's hard limits for a .zip-packaged Node.js function. These are facts about
 * the platform, not settings; `DEFAULT_THRESHOLDS` starts from them.
 */
export const LAMBDA_LIMITS = {
  /** Extracted deployment package, layers included: 250 MB (262,144,000 bytes). */
  unzippedBytes: {
    value: 250 * MB,
    unit: 'bytes',
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html (Deployment package: 250 MB unzipped, including layers)',
  },
  /** Zipped package uploaded directly through the Lambda API: 50 MB (52,428,800 bytes). Uploads through S3 (what CDK does) are bound by the unzipped limit only. */
  zippedBytes: {
    value: 50 * MB,
    unit: 'bytes',
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html (Deployment package: 50 MB zipped, when uploaded directly)',
  },
  /** The largest memory setting a function can have: 10,240 MB. */
  memoryMB: {
    value: 10_240,
    unit: 'MB',
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html (Function memory: 128 MB to 10,240 MB)',
  },
  /** The Init phase of an on-demand function is limited to 10 seconds; past that Lambda retries init on the first invoke. */
  initPhaseMs: {
    value: 10_000,
    unit: 'ms',
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html (Init phase: limited to 10 seconds)',
  },
  /** nodejs20.x and later run on Amazon Linux 2023, whose C library is glibc 2.34 (the default runtime's; see LAMBDA_RUNTIMES). */
  glibc: {
    value: '2.34',
    unit: 'version',
    source:
      'https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html (nodejs20.x/22.x: Amazon Linux 2023) and https://docs.aws.amazon.com/linux/al2023/ug/core-glibc.html (AL2023: glibc 2.34)',
  },
  /**
   * A container image, all layers included, uncompressed: 10 GB. Counted as 10 × 2^30 bytes, as
   * Lambda's other sizes are binary (the 250 MB above is 250 × 2^20).
   */
  imageBytes: {
    value: 10 * 1024 * MB,
    unit: 'bytes',
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html (Container image code package size: 10 GB, maximum uncompressed image size, including all layers)',
  },
} as const satisfies Record<string, DocumentedLimit>;

/**
 * How a package reaches Lambda, and so which size limit binds:
 * - `zip-direct`: a .zip uploaded through the Lambda API (console, CLI `--zip-file`): 50 MB zipped, and 250 MB unzipped;
 * - `zip-s3`: a .zip uploaded to S3 and referenced by the function (what CDK's `Code.fromAsset` does): 250 MB unzipped only;
 * - `container-image`: an image in Amazon ECR (CDK's `DockerImageCode`): 10 GB uncompressed, base image layers included.
 * Every other limit (architecture, glibc, memory, the 10 s Init phase) applies to all three.
 */
export type DeployRoute = 'zip-direct' | 'zip-s3' | 'container-image';

/** Every deploy route, in the order reports list them. */
export const DEPLOY_ROUTES: readonly DeployRoute[] = ['zip-direct', 'zip-s3', 'container-image'];

/** The route fitcheck judges by default: the repo deploys with CDK, whose zip assets go through S3. */
export const DEFAULT_ROUTE: DeployRoute = 'zip-s3';

/** Lambda's managed Node.js runtimes, by identifier. */
export type LambdaRuntime = 'nodejs24.x' | 'nodejs22.x' | 'nodejs20.x' | 'nodejs18.x';

/** What a runtime fixes for native code: its OS (so its glibc) and the architectures it runs on. */
export interface RuntimeFacts {
  os: 'Amazon Linux 2023' | 'Amazon Linux 2';
  /** The OS's glibc, "major.minor": the newest symbol version a native binary may need. */
  glibc: string;
  architectures: readonly LambdaArchitecture[];
  /** Lambda's deprecation date (ISO), or null when none is published. */
  deprecated: string | null;
  source: string;
}

const NODEJS_RUNTIMES_PAGE = 'https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html (supported Node.js runtimes: identifier, operating system, deprecation date)';
const ARCHITECTURES_PAGE = 'https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html (Architectures: x86_64, arm64)';
const GLIBC_PAGE = 'https://docs.aws.amazon.com/linux/al2023/ug/glibc-gcc-and-binutils.html (glibc: AL2 2.26, AL2023 2.34)';

/**
 * Lambda's Node.js runtimes, as AWS's runtime pages list them (checked 2026-12-03). The
 * glibc comes from the OS: Amazon Linux 2023 ships glibc 2.34, Amazon Linux 2 glibc 2.26.
 * Deprecated runtimes stay in the table so older functions can still be checked.
 */
export const LAMBDA_RUNTIMES: Readonly<Record<LambdaRuntime, RuntimeFacts>> = Object.freeze({
  'nodejs24.x': { os: 'Amazon Linux 2023', glibc: '2.34', architectures: ['arm64', 'x86_64'], deprecated: '2028-04-30', source: `${NODEJS_RUNTIMES_PAGE}; ${ARCHITECTURES_PAGE}; ${GLIBC_PAGE}` },
  'nodejs22.x': { os: 'Amazon Linux 2023', glibc: '2.34', architectures: ['arm64', 'x86_64'], deprecated: '2027-04-30', source: `${NODEJS_RUNTIMES_PAGE}; ${ARCHITECTURES_PAGE}; ${GLIBC_PAGE}` },
  'nodejs20.x': { os: 'Amazon Linux 2023', glibc: '2.34', architectures: ['arm64', 'x86_64'], deprecated: '2026-04-30', source: `${NODEJS_RUNTIMES_PAGE}; ${ARCHITECTURES_PAGE}; ${GLIBC_PAGE}` },
  'nodejs18.x': { os: 'Amazon Linux 2', glibc: '2.26', architectures: ['arm64', 'x86_64'], deprecated: '2025-09-01', source: `${NODEJS_RUNTIMES_PAGE}; ${ARCHITECTURES_PAGE}; ${GLIBC_PAGE}` },
});

/** The runtime fitcheck assumes by default: the footfall function's (apps/footfall-lambda/lib/footfall-function.ts, Runtime.NODEJS_22_X). */
export const DEFAULT_RUNTIME: LambdaRuntime = 'nodejs22.x';

/** True when `name` is a runtime in `LAMBDA_RUNTIMES`. */
export function isLambdaRuntime(name: string): name is LambdaRuntime {
  return Object.hasOwn(LAMBDA_RUNTIMES, name);
}

/**
 * The thresholds a runtime sets: itself and its glibc ceiling. Spread them into `analyse`'s
 * options (`analyse(dir, { ...runtimeThresholds('nodejs18.x') })`), as the CLI's --runtime does.
 */
export function runtimeThresholds(runtime: LambdaRuntime): Pick<Thresholds, 'runtime' | 'glibc'> {
  return { runtime, glibc: LAMBDA_RUNTIMES[runtime].glibc };
}

/** The CPU architectures a Lambda function can run on, in Lambda's own spelling. */
export type LambdaArchitecture = 'arm64' | 'x86_64';

/** The thresholds each verdict uses. All of them can be changed from the CLI. */
export interface Thresholds {
  /** The Lambda runtime: it fixes the architectures and the glibc. @default 'nodejs22.x' (the footfall stack's) */
  runtime: LambdaRuntime;
  /** The deploy route whose size limits the verdict applies; findings name the routes they apply to. @default 'zip-s3' (CDK) */
  route: DeployRoute;
  /** Architecture the function is deployed with; must be one of the runtime's. @default 'arm64' (the footfall stack uses ARM_64) */
  arch: LambdaArchitecture;
  /** Newest glibc the runtime provides, as "major.minor". @default '2.34' (nodejs22.x: Amazon Linux 2023) */
  glibc: string;
  /** Fail above this unzipped size. @default 250 MB */
  maxUnzippedBytes: number;
  /** Fail above this zipped size (route zip-direct). @default 50 MB */
  maxZippedBytes: number;
  /** Fail above this image size (route container-image): the folder staged for the image plus the base image. @default 10 GB */
  maxImageBytes: number;
  /** Bytes the base image adds to the staged folder (route container-image); not measurable without Docker. @default 0 (not counted) */
  baseImageBytes: number;
  /** Warn when a size reaches this fraction of its limit, so growth is noticed before it breaks a deploy. @default 0.8 */
  sizeWarnFraction: number;
  /** Warn when the handler reads more than this much data while initialising. @default 50 MB */
  warnInitDataBytes: number;
  /** The function's memory budget: fail when init data or peak RSS exceeds it. @default 10,240 MB (Lambda's maximum) */
  memoryMB: number;
  /** Warn when the median cold start (spawn to ready) exceeds this. @default 1,000 ms */
  warnInitMs: number;
  /** Fail when the median init exceeds this: Lambda's Init phase limit. @default 10,000 ms */
  maxInitMs: number;
}

/** The defaults, derived from `LAMBDA_LIMITS` wherever AWS publishes a number. */
export const DEFAULT_THRESHOLDS: Readonly<Thresholds> = Object.freeze({
  runtime: DEFAULT_RUNTIME,
  route: DEFAULT_ROUTE,
  arch: 'arm64',
  glibc: LAMBDA_RUNTIMES[DEFAULT_RUNTIME].glibc,
  maxUnzippedBytes: LAMBDA_LIMITS.unzippedBytes.value,
  maxZippedBytes: LAMBDA_LIMITS.zippedBytes.value,
  maxImageBytes: LAMBDA_LIMITS.imageBytes.value,
  baseImageBytes: 0,
  sizeWarnFraction: 0.8,
  warnInitDataBytes: 50 * MB,
  memoryMB: LAMBDA_LIMITS.memoryMB.value,
  warnInitMs: 1_000,
  maxInitMs: LAMBDA_LIMITS.initPhaseMs.value,
});
