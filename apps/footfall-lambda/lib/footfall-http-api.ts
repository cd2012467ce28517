/**
 * The public HTTP API in front of the footfall function: two routes, a catch-all,
 * throttling and JSON access logs.
 *
 * An HTTP API (API Gateway v2) rather than a REST API: cheaper, lower latency, and its
 * payload 2.0 is what the local server emulates. Edit this file to add a route, an
 * authorizer, CORS or a custom domain.
 */
import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination, type ThrottleSettings } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/**
 * Stage-wide throttling of the public demo API: 50 requests per second, bursts of 100.
 * The stack also reads `burstLimit` to bound provisioned concurrency (footfall-stack.ts).
 */
export const DEFAULT_THROTTLE = { rateLimit: 50, burstLimit: 100 } as const satisfies ThrottleSettings;

/** Options for `FootfallHttpApi`. */
export interface FootfallHttpApiProps {
  /** What the routes invoke: the function's `live` alias. */
  readonly target: IFunction;
  /**
   * Stage-wide throttling. A public demo without auth needs a ceiling on what a stranger
   * can make you pay for; raise it for real traffic.
   * @default DEFAULT_THROTTLE: { rateLimit: 50, burstLimit: 100 } requests per second
   */
  readonly throttle?: ThrottleSettings;
  /**
   * How long access logs are kept.
   * @default RetentionDays.TWO_WEEKS
   */
  readonly accessLogRetention?: RetentionDays;
}

/** HTTP API with `POST /predict`, `GET /model` and a `$default` catch-all, all invoking `target`. */
export class FootfallHttpApi extends Construct {
  readonly api: HttpApi;
  /** The `$default` stage (no stage name in the URL), with access logs and throttling. */
  readonly stage: HttpStage;
  /** One JSON line per request, written by API Gateway. */
  readonly accessLogs: LogGroup;
  /** Base URL of the API, ending in `/`. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: FootfallHttpApiProps) {
    super(scope, id);
    const integration = new HttpLambdaIntegration('Footfall', props.target);

    // The catch-all ($default route) sends every other path and method to the handler
    // too, so a typo gets the shared JSON 404/405 (with Allow) instead of API
    // Gateway's bare {"message":"Not Found"}.
    this.api = new HttpApi(this, 'Api', {
      description: 'Footfall predictor (serverless-ai-fit)',
      createDefaultStage: false,
      defaultIntegration: integration,
    });
    this.api.addRoutes({ path: '/predict', methods: [HttpMethod.POST], integration });
    this.api.addRoutes({ path: '/model', methods: [HttpMethod.GET], integration });

    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.accessLogRetention ?? RetentionDays.TWO_WEEKS,
      removalPolicy: RemovalPolicy.DESTROY, // demo: DESTROY; use RETAIN in production
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle ?? DEFAULT_THROTTLE,
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        // HTTP API $context variables; requestId matches apiRequestId in the function's logs.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            requestTime: '$context.requestTime',
            method: '$context.httpMethod',
            path: '$context.path',
            routeKey: '$context.routeKey',
            status: '$context.status',
            responseLength: '$context.responseLength',
            latencyMs: '$context.responseLatency',
            integrationLatencyMs: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });
    this.url = this.stage.url;

    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'Public, read-only demo API: workshop attendees call it with curl and the demo page, and it returns predictions from synthetic data, not personal data. Stage throttling caps abuse; add a JWT or IAM authorizer before real use.',
    });
  }
}
