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
  /** nodejs20.x and later run on Amazon Linux 2023, whose C library is glibc 2.34. */
  glibc: {
    value: '2.34',
    unit: 'version',
    source:
      'https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html (nodejs20.x/22.x: Amazon Linux 2023) and https://docs.aws.amazon.com/linux/al2023/ug/core-glibc.html (AL2023: glibc 2.34)',
  },
} as const satisfies Record<string, DocumentedLimit>;

/** The CPU architectures a Lambda function can run on, in Lambda's own spelling. */
export type LambdaArchitecture = 'arm64' | 'x86_64';

/** The thresholds each verdict uses. All of them can be changed from the CLI. */
export interface Thresholds {
  /** Architecture the function is deployed with. @default 'arm64' (the footfall stack uses ARM_64) */
  arch: LambdaArchitecture;
  /** Newest glibc the runtime provides, as "major.minor". @default '2.34' (Amazon Linux 2023) */
  glibc: string;
  /** Fail above this unzipped size. @default 250 MB */
  maxUnzippedBytes: number;
  /** Fail above this zipped size. @default 50 MB */
  maxZippedBytes: number;
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
  arch: 'arm64',
  glibc: LAMBDA_LIMITS.glibc.value,
  maxUnzippedBytes: LAMBDA_LIMITS.unzippedBytes.value,
  maxZippedBytes: LAMBDA_LIMITS.zippedBytes.value,
  sizeWarnFraction: 0.8,
  warnInitDataBytes: 50 * MB,
  memoryMB: LAMBDA_LIMITS.memoryMB.value,
  warnInitMs: 1_000,
  maxInitMs: LAMBDA_LIMITS.initPhaseMs.value,
});
