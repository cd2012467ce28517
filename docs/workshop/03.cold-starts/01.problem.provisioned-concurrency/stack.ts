/**
 * A small Lambda function with a `live` alias: the shape of the footfall predictor's stack
 * (apps/footfall-lambda/lib/), without its bundling and HTTP API.
 *
 * The context value `provisionedConcurrency` (`cdk deploy -c provisionedConcurrency=2`)
 * should keep that many execution environments initialised ahead of time, so that up to
 * that many concurrent requests never wait for a cold start. 0, or no value, means on
 * demand: nothing is billed while no request arrives.
 */
import { Stack, type StackProps } from 'aws-cdk-lib';
import { Alias, Architecture, Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';

/** The context key: `-c provisionedConcurrency=2` on the CLI, or `new App({ context })` in a test. */
export const PROVISIONED_CONCURRENCY_CONTEXT = 'provisionedConcurrency';

/** The alias callers invoke. */
export const LIVE_ALIAS_NAME = 'live';

/**
 * The handler, inline to keep the step small. Module scope runs once per execution
 * environment, in the init phase: here it stands in for loading a model.
 */
const HANDLER_SOURCE = `
const initialisedAt = new Date().toISOString();
exports.handler = async () => ({ statusCode: 200, body: JSON.stringify({ initialisedAt }) });
`;

/** One function, one published version, and the `live` alias that points at it. */
export class ColdStartStack extends Stack {
  /** The function itself ($LATEST). Callers invoke `alias`, not this. */
  readonly function: LambdaFunction;
  /** `live`: the published version callers invoke. */
  readonly alias: Alias;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const provisionedConcurrency = Number(this.node.tryGetContext(PROVISIONED_CONCURRENCY_CONTEXT) ?? 0);

    this.function = new LambdaFunction(this, 'Function', {
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      handler: 'index.handler',
      code: Code.fromInline(HANDLER_SOURCE),
      memorySize: 512,
      // Keep `provisionedConcurrency` environments for this function.
      ...(provisionedConcurrency > 0 ? { reservedConcurrentExecutions: provisionedConcurrency } : {}),
    });

    this.alias = new Alias(this, 'LiveAlias', {
      aliasName: LIVE_ALIAS_NAME,
      // currentVersion publishes a new version whenever the code or configuration changes.
      version: this.function.currentVersion,
    });
  }
}
