/**
 * `@serverless-ai/lambda-kit/testing`: real-shaped API Gateway events and a Lambda context, for tests and benchmarks.
 *
 * The envelopes follow the sample events in AWS's documentation ("Working with AWS
 * Lambda proxy integrations for HTTP APIs", payload format 2.0, and the REST API "Input
 * format of a Lambda function for proxy integration", 1.0): same fields, same header
 * casing (lower case in 2.0, as the client sent it in 1.0), same stage handling. Only the
 * method, path and body vary, so two functions timed with these events differ only in
 * what they are asked. Nothing here imports a test framework.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2 } from 'aws-lambda';

export { lambdaContext, type LambdaContextOptions } from './lambda-context.js';

/** What varies between events. */
export interface EventOptions {
  method: string;
  path: string;
  /** An object is sent as JSON; a string as is; undefined sends no body. */
  body?: unknown;
  /** @default 'application/json' */
  contentType?: string;
}

/** Options of a payload 2.0 event. */
export interface HttpApiEventOptions extends EventOptions {
  /** The matched route: `$default` (the catch-all) or an explicit one such as `POST /predict`. @default '$default' */
  routeKey?: string;
}

/** Options of a payload 1.0 event. */
export interface RestApiEventOptions extends EventOptions {
  /** The stage the API was called on; REST APIs leave it out of `path`. @default 'prod' */
  stage?: string;
}

const SOURCE_IP = '205.255.255.176';
const USER_AGENT = 'curl/8.5.0';

function bodyText(body: unknown): string | undefined {
  return body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
}

/** An HTTP API (payload 2.0) event for `method path` on the `$default` stage. */
export function httpApiV2Event(options: HttpApiEventOptions): APIGatewayProxyEventV2 {
  const body = bodyText(options.body);
  const routeKey = options.routeKey ?? '$default';
  const domainName = 'r3pmxmplak.execute-api.eu-west-1.amazonaws.com';
  return {
    version: '2.0',
    routeKey,
    rawPath: options.path,
    rawQueryString: '',
    headers: {
      accept: 'application/json',
      'accept-encoding': 'gzip, deflate, br',
      ...(body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }),
      'content-type': options.contentType ?? 'application/json',
      host: domainName,
      'user-agent': USER_AGENT,
      'x-amzn-trace-id': 'Root=1-5e6722a7-cc56xmpl46db7ae02d4da47e',
      'x-forwarded-for': SOURCE_IP,
      'x-forwarded-port': '443',
      'x-forwarded-proto': 'https',
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'r3pmxmplak',
      domainName,
      domainPrefix: 'r3pmxmplak',
      http: { method: options.method, path: options.path, protocol: 'HTTP/1.1', sourceIp: SOURCE_IP, userAgent: USER_AGENT },
      requestId: 'JKJaXmPLvHcESHA=',
      routeKey,
      stage: '$default',
      time: '10/Mar/2025:05:16:23 +0000',
      timeEpoch: 1741583783130,
    },
    ...(body === undefined ? {} : { body }),
    isBase64Encoded: false,
  };
}

/** A REST API (payload 1.0) event for `method path` on a literal resource, called on `stage`. */
export function restApiV1Event(options: RestApiEventOptions): APIGatewayProxyEvent {
  const body = bodyText(options.body);
  const stage = options.stage ?? 'prod';
  const domainName = '1234567890.execute-api.eu-west-1.amazonaws.com';
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Content-Type': options.contentType ?? 'application/json',
    Host: domainName,
    'User-Agent': USER_AGENT,
    'X-Amzn-Trace-Id': 'Root=1-5e66d96f-7491f09xmpl79d18acf3d050',
    'X-Forwarded-For': SOURCE_IP,
    'X-Forwarded-Port': '443',
    'X-Forwarded-Proto': 'https',
  };
  return {
    resource: options.path,
    path: options.path,
    httpMethod: options.method,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])),
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    requestContext: {
      resourceId: '2gxmpl',
      resourcePath: options.path,
      httpMethod: options.method,
      extendedRequestId: 'JJbxmHEYvHcESHA=',
      requestTime: '10/Mar/2025:00:03:59 +0000',
      path: `/${stage}${options.path}`,
      accountId: '123456789012',
      protocol: 'HTTP/1.1',
      stage,
      domainPrefix: '1234567890',
      requestTimeEpoch: 1741565039574,
      requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: SOURCE_IP,
        user: null,
        userAgent: USER_AGENT,
        userArn: null,
      },
      domainName,
      apiId: '1234567890',
      authorizer: undefined,
    },
    body: body ?? null,
    isBase64Encoded: false,
  };
}

/** One line the invoke-bundle harness prints per event (see packages/lambda-kit/invoke-bundle.mjs). */
export interface InvokeResult<InitReport = unknown> {
  index: number;
  /** The bundle's `import()`: its init phase, without process start. */
  initMs: number;
  invokeMs: number;
  /** The child's user + system CPU time from its start to this response (`process.cpuUsage()`), Node's start-up included. */
  cpuMs: number;
  /** The child's own peak memory so far: VmHWM in bytes. */
  peakRssBytes: number;
  /** The handler module's `initReport` export, or null. */
  initReport: InitReport | null;
  response: { statusCode: number; headers?: Record<string, string>; body: string };
}

/** The harness's result lines in `stdout`, in order; the handler's own log lines are skipped. */
export function parseInvokeResults<InitReport = unknown>(stdout: string): InvokeResult<InitReport>[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{"invokeResult"'))
    .map((line) => (JSON.parse(line) as { invokeResult: InvokeResult<InitReport> }).invokeResult);
}
