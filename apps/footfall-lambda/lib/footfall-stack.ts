/**
 * The footfall predictor's stack: the function (with its `live` alias) and the HTTP
 * API in front of it. The stack is environment-agnostic, so `npm run synth` works
 * without AWS credentials; `cdk deploy` picks the account and region from your profile.
 *
 * Context: `provisionedConcurrency` (default 0, on demand; at most
 * `MAX_PROVISIONED_CONCURRENCY`), e.g. `npx cdk deploy -c provisionedConcurrency=2`.
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { FootfallFunction } from './footfall-function.js';
import { DEFAULT_THROTTLE, FootfallHttpApi } from './footfall-http-api.js';

/** Context key that sets the provisioned concurrency of the `live` alias. */
export const PROVISIONED_CONCURRENCY_CONTEXT = 'provisionedConcurrency';

/**
 * The most environments the stack will keep initialised: the API stage's burst limit (100).
 *
 * Why that bound: API Gateway lets at most `burstLimit` requests through at once (then
 * `rateLimit`, 50 per second), and one prediction takes milliseconds, so more initialised
 * environments than that can never all be busy; they would be billed every hour for
 * nothing. It also stays far below what an account can provision at all: the default
 * Regional concurrency quota is 1,000, and Lambda keeps 100 of it unreserved, so a value
 * like 2,000 would only fail later, at deploy time.
 * Sources: https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html (concurrent
 * executions: 1,000) and https://docs.aws.amazon.com/lambda/latest/dg/provisioned-concurrency.html
 * (up to the unreserved account concurrency minus 100). Raise the throttle first if you need more.
 */
export const MAX_PROVISIONED_CONCURRENCY = DEFAULT_THROTTLE.burstLimit;

/** Options for `FootfallStack`. */
export interface FootfallStackProps extends StackProps {
  /**
   * Execution environments kept warm on the `live` alias, 0 to `MAX_PROVISIONED_CONCURRENCY`.
   * @default the `provisionedConcurrency` context value, else 0
   */
  readonly provisionedConcurrency?: number;
}

/** Lambda function + `live` alias + HTTP API; outputs the API URL. */
export class FootfallStack extends Stack {
  readonly footfall: FootfallFunction;
  readonly http: FootfallHttpApi;

  constructor(scope: Construct, id: string, props: FootfallStackProps = {}) {
    super(scope, id, props);
    const provisionedConcurrency = props.provisionedConcurrency ?? readProvisionedConcurrency(this);
    if (provisionedConcurrency > MAX_PROVISIONED_CONCURRENCY) {
      throw new Error(
        `${PROVISIONED_CONCURRENCY_CONTEXT} must be at most ${MAX_PROVISIONED_CONCURRENCY} (the API's burst limit: more environments could never all be busy), got ${provisionedConcurrency}`,
      );
    }

    this.footfall = new FootfallFunction(this, 'Footfall', { provisionedConcurrency });
    this.http = new FootfallHttpApi(this, 'Http', { target: this.footfall.alias });

    new CfnOutput(this, 'ApiUrl', { value: this.http.url, description: 'Base URL: POST <url>predict, GET <url>model' });
    new CfnOutput(this, 'FunctionLogGroup', { value: this.footfall.logGroup.logGroupName, description: 'Function logs (JSON lines)' });
    new CfnOutput(this, 'AccessLogGroup', { value: this.http.accessLogs.logGroupName, description: 'API Gateway access logs' });
  }
}

/** Reads the context value; the CLI passes `-c provisionedConcurrency=2` as a string. */
function readProvisionedConcurrency(scope: Construct): number {
  const raw: unknown = scope.node.tryGetContext(PROVISIONED_CONCURRENCY_CONTEXT);
  if (raw === undefined || raw === null || raw === '') return 0;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`Context ${PROVISIONED_CONCURRENCY_CONTEXT} must be a whole number ≥ 0, got ${JSON.stringify(raw)}`);
  }
  return value;
}
