/**
 * Command-line parsing for `fitcheck`, with `node:util` parseArgs. Kept apart from
 * `cli.ts` so tests can check parsing without spawning a process. Edit this file
 * (and the README's usage block) to add a flag.
 */
import { parseArgs } from 'node:util';
import type { AnalyseOptions } from './analyse.js';
import { DEFAULT_RUNS } from './analyse.js';
import { DEFAULT_THRESHOLDS, DEPLOY_ROUTES, type DeployRoute, isLambdaRuntime, LAMBDA_RUNTIMES, MB } from './limits.js';

/** Bad command-line usage. The CLI prints the usage text and exits with 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The usage text printed by `--help` and after a usage error. */
export const USAGE = `Usage: fitcheck <folder|bundle.zip> [options]

Does this bundle fit on AWS Lambda? Checks size, native addons, data loaded at
init and cold-start time, then prints a verdict on dependencies, internal state
and cold starts.

Options:
  --runtime <id>              Lambda runtime: ${Object.keys(LAMBDA_RUNTIMES).join(', ')}
                              (default ${DEFAULT_THRESHOLDS.runtime}); sets the glibc ceiling and the
                              architectures allowed
  --route <route>             how the package is deployed (default ${DEFAULT_THRESHOLDS.route}):
                                zip-direct       .zip through the Lambda API: 50 MB zipped, 250 MB unzipped
                                zip-s3           .zip through S3 (CDK): 250 MB unzipped
                                container-image  image mode: the folder staged for the image, 10 GB
                              findings name the routes they apply to; the verdict is the route's
  --arch <arm64|x86_64>       target architecture (default ${DEFAULT_THRESHOLDS.arch})
  --handler <file#export>     handler to run, or Lambda's file.export
                              (default: index.mjs|index.js|handler.mjs|handler.js#handler)
  --event <file.json>         also invoke the handler once with this event
  --runs <n>                  fresh processes to time; the median is judged (default ${DEFAULT_RUNS})
  --static                    do not run the handler: size and native checks only
  --env KEY=VALUE             environment variable for the handler (repeatable)
  --json                      print the report as JSON (schema fitcheck.report/v1)

Thresholds (defaults are Lambda's limits; MB = 2^20 bytes, as Lambda counts):
  --glibc <x.y>               glibc ceiling (default: the runtime's; ${DEFAULT_THRESHOLDS.glibc} for ${DEFAULT_THRESHOLDS.runtime})
  --max-unzipped-mb <n>       fail above (default ${DEFAULT_THRESHOLDS.maxUnzippedBytes / MB}, zip routes)
  --max-zipped-mb <n>         fail above (default ${DEFAULT_THRESHOLDS.maxZippedBytes / MB}, zip-direct)
  --max-image-mb <n>          fail above (default ${DEFAULT_THRESHOLDS.maxImageBytes / MB}, container-image)
  --base-image-mb <n>         add the base image's size to the staged folder (default 0: not counted)
  --warn-init-data-mb <n>     warn when init reads more data (default ${DEFAULT_THRESHOLDS.warnInitDataBytes / MB})
  --memory-mb <n>             memory budget: fail above (default ${DEFAULT_THRESHOLDS.memoryMB})
  --warn-init-ms <n>          warn when the median cold start is slower (default ${DEFAULT_THRESHOLDS.warnInitMs})
  --max-init-ms <n>           fail when the median init is slower (default ${DEFAULT_THRESHOLDS.maxInitMs}, the Init phase limit)

Exit codes: 0 fits, 1 does not fit, 2 usage error or cannot analyse.
`;

/** What the CLI will do. */
export interface CliCommand {
  kind: 'analyse' | 'help' | 'version';
  target: string;
  json: boolean;
  options: AnalyseOptions;
}

function positiveNumber(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--${flag} needs a positive number, got "${value}"`);
  return n;
}

/**
 * Parses `process.argv.slice(2)`.
 * @throws UsageError for unknown flags, missing values or a missing target.
 */
export function parseCliArgs(argv: string[]): CliCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        runtime: { type: 'string' },
        route: { type: 'string' },
        arch: { type: 'string' },
        handler: { type: 'string' },
        event: { type: 'string' },
        runs: { type: 'string' },
        static: { type: 'boolean', default: false },
        env: { type: 'string', multiple: true },
        json: { type: 'boolean', default: false },
        glibc: { type: 'string' },
        'max-unzipped-mb': { type: 'string' },
        'max-zipped-mb': { type: 'string' },
        'max-image-mb': { type: 'string' },
        'base-image-mb': { type: 'string' },
        'warn-init-data-mb': { type: 'string' },
        'memory-mb': { type: 'string' },
        'warn-init-ms': { type: 'string' },
        'max-init-ms': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', default: false },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help', target: '', json: false, options: {} };
  if (values.version) return { kind: 'version', target: '', json: false, options: {} };
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'Give one folder or .zip to check' : `Give one target, got ${positionals.length}`);

  if (values.arch !== undefined && values.arch !== 'arm64' && values.arch !== 'x86_64') {
    throw new UsageError(`--arch must be arm64 or x86_64, got "${values.arch}"`);
  }
  if (values.runtime !== undefined && !isLambdaRuntime(values.runtime)) {
    throw new UsageError(`--runtime must be one of ${Object.keys(LAMBDA_RUNTIMES).join(', ')}, got "${values.runtime}"`);
  }
  if (values.route !== undefined && !DEPLOY_ROUTES.includes(values.route as DeployRoute)) {
    throw new UsageError(`--route must be one of ${DEPLOY_ROUTES.join(', ')}, got "${values.route}"`);
  }
  // The runtime sets the glibc ceiling (an explicit --glibc wins) and the architectures allowed.
  const runtime = values.runtime !== undefined && isLambdaRuntime(values.runtime) ? values.runtime : DEFAULT_THRESHOLDS.runtime;
  const facts = LAMBDA_RUNTIMES[runtime];
  if (values.arch !== undefined && !facts.architectures.includes(values.arch)) {
    throw new UsageError(`--arch ${values.arch} is not offered by ${runtime} (${facts.architectures.join(', ')})`);
  }
  const runs = positiveNumber('runs', values.runs);
  if (runs !== undefined && !Number.isInteger(runs)) throw new UsageError(`--runs needs a whole number, got "${values.runs}"`);
  const env: Record<string, string> = {};
  for (const pair of values.env ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--env needs KEY=VALUE, got "${pair}"`);
    env[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  const mb = (flag: string, value: string | undefined): number | undefined => {
    const n = positiveNumber(flag, value);
    return n === undefined ? undefined : n * MB;
  };
  let baseImageBytes: number | undefined;
  if (values['base-image-mb'] !== undefined) {
    const n = Number(values['base-image-mb']);
    if (!Number.isFinite(n) || n < 0) throw new UsageError(`--base-image-mb needs a number ≥ 0, got "${values['base-image-mb']}"`);
    baseImageBytes = n * MB;
  }

  return {
    kind: 'analyse',
    target: positionals[0]!,
    json: values.json,
    options: {
      runtime: values.runtime === undefined ? undefined : runtime,
      route: values.route as DeployRoute | undefined,
      arch: values.arch,
      handler: values.handler,
      event: values.event,
      runs,
      static: values.static,
      env,
      glibc: values.glibc ?? (values.runtime === undefined ? undefined : facts.glibc),
      maxUnzippedBytes: mb('max-unzipped-mb', values['max-unzipped-mb']),
      maxZippedBytes: mb('max-zipped-mb', values['max-zipped-mb']),
      maxImageBytes: mb('max-image-mb', values['max-image-mb']),
      baseImageBytes,
      warnInitDataBytes: mb('warn-init-data-mb', values['warn-init-data-mb']),
      memoryMB: positiveNumber('memory-mb', values['memory-mb']),
      warnInitMs: positiveNumber('warn-init-ms', values['warn-init-ms']),
      maxInitMs: positiveNumber('max-init-ms', values['max-init-ms']),
    },
  };
}
