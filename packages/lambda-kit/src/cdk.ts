/**
 * `@serverless-ai/lambda-kit/cdk`: the defaults every Lambda function construct in the repo shares.
 *
 * Both functions (apps/footfall-lambda's zip-packaged `NodejsFunction` and
 * apps/cross-pairing's container-image function) get the same log group, the same
 * least-privilege role and the same bundling, from here. A separate subpath on purpose:
 * it imports aws-cdk-lib, which must never end up in a handler bundle.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { ApplicationLogLevel, Architecture, LoggingFormat, SystemLogLevel } from 'aws-cdk-lib/aws-lambda';
import { OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { ESM_REQUIRE_BANNER, lambdaBundleOptions } from './bundle.js';

/** Settings both functions start from; each construct documents its own overrides. */
export const FUNCTION_DEFAULTS = {
  /** Graviton: cheaper per GB-second than x86_64 for the same work. */
  architecture: Architecture.ARM_64,
  /** A request takes milliseconds; the timeout only bounds a stuck invocation. */
  timeout: Duration.seconds(10),
  /** How long a function's logs are kept. */
  logRetention: RetentionDays.TWO_WEEKS,
  /**
   * Lambda's advanced logging controls: the runtime writes every `console.*` call as a JSON
   * line with timestamp, level and requestId, so the default logger (logger.ts) needs no
   * library. See https://docs.aws.amazon.com/lambda/latest/dg/nodejs-logging.html
   */
  loggingFormat: LoggingFormat.JSON,
  /** Application lines below INFO are dropped by Lambda (needs the JSON format). */
  applicationLogLevel: ApplicationLogLevel.INFO,
  /** Lambda's own lines (START, REPORT...) at INFO: the REPORT line carries Init Duration. */
  systemLogLevel: SystemLogLevel.INFO,
} as const;

/** Options for `functionLogGroupAndRole`. */
export interface FunctionLogGroupAndRoleProps {
  /** Says what the function is, on the role (`Footfall predictor: write its own logs, nothing else.`). */
  readonly roleDescription: string;
  /**
   * How long the function's logs are kept.
   * @default RetentionDays.TWO_WEEKS
   */
  readonly logRetention?: RetentionDays;
}

/**
 * A function's log group (`Logs`) and execution role (`Role`), created in `scope`.
 *
 * Our own role instead of the AWSLambdaBasicExecutionRole managed policy (cdk-nag
 * AwsSolutions-IAM4): it may write to this one log group and nothing else. The log group
 * is explicit so it has a retention period (an implicit one keeps logs forever).
 */
export function functionLogGroupAndRole(scope: Construct, props: FunctionLogGroupAndRoleProps): { logGroup: LogGroup; role: Role } {
  const logGroup = new LogGroup(scope, 'Logs', {
    retention: props.logRetention ?? FUNCTION_DEFAULTS.logRetention,
    removalPolicy: RemovalPolicy.DESTROY, // demo: DESTROY; use RETAIN in production
  });
  const role = new Role(scope, 'Role', {
    assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    description: props.roleDescription,
  });
  logGroup.grantWrite(role);
  return { logGroup, role };
}

/** Options for `baseFunctionProps`. */
export interface BaseFunctionPropsOptions extends FunctionLogGroupAndRoleProps {
  /** Memory in MB (Lambda allots CPU in proportion: 1,769 MB = one vCPU). */
  readonly memorySize: number;
  /** @default FUNCTION_DEFAULTS.timeout (10 s) */
  readonly timeout?: Duration;
}

/** The props every function in the repo sets the same way, ready to spread into a function's props. */
export interface BaseFunctionProps {
  readonly architecture: Architecture;
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly role: Role;
  readonly logGroup: LogGroup;
  readonly loggingFormat: LoggingFormat;
  readonly applicationLogLevelV2: ApplicationLogLevel;
  readonly systemLogLevelV2: SystemLogLevel;
}

/**
 * Creates the function's log group and role in `scope` (see `functionLogGroupAndRole`) and
 * returns them with the shared architecture, memory, timeout and log format (JSON, INFO):
 * `new NodejsFunction(this, 'Function', { ...baseFunctionProps(this, {...}), entry, ... })`.
 */
export function baseFunctionProps(scope: Construct, options: BaseFunctionPropsOptions): BaseFunctionProps {
  const { logGroup, role } = functionLogGroupAndRole(scope, options);
  return {
    architecture: FUNCTION_DEFAULTS.architecture,
    memorySize: options.memorySize,
    timeout: options.timeout ?? FUNCTION_DEFAULTS.timeout,
    role,
    logGroup,
    loggingFormat: FUNCTION_DEFAULTS.loggingFormat,
    applicationLogLevelV2: FUNCTION_DEFAULTS.applicationLogLevel,
    systemLogLevelV2: FUNCTION_DEFAULTS.systemLogLevel,
  };
}

/**
 * `NodejsFunction` bundling with the same esbuild settings as `lambdaBundleOptions`, so
 * the CDK asset is the bundle `npm run build` measures. Local esbuild only, no Docker.
 * Spread it and add the function's own `commandHooks` (e.g. to copy a model file in).
 */
export function nodejsBundling(): BundlingOptions {
  return {
    format: OutputFormat.ESM,
    target: lambdaBundleOptions.target,
    minify: lambdaBundleOptions.minify,
    sourceMap: lambdaBundleOptions.sourcemap,
    mainFields: [...lambdaBundleOptions.mainFields],
    banner: ESM_REQUIRE_BANNER,
    forceDockerBundling: false,
  };
}
