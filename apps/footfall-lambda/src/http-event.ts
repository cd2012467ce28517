/**
 * Turning API Gateway proxy events into one small request shape, and results back.
 *
 * API Gateway sends two payload formats: 2.0 from HTTP APIs (what the CDK stack
 * deploys and what the local server produces) and 1.0 from REST APIs (and HTTP APIs set
 * to 1.0). Everything format-specific lives here, so the routes never look at a raw
 * event. Edit this file when you add a header the routes need, or another event source.
 */
import type {
  APIGatewayProxyEvent,
  APIGatewayProxyEventV2,
  APIGatewayProxyResult,
  APIGatewayProxyStructuredResultV2,
} from 'aws-lambda';
import { MalformedJsonError, PayloadTooLargeError, UnsupportedMediaTypeError } from '@serverless-ai/model-interface';

/** Either payload format API Gateway sends to a Lambda proxy integration. */
export type ApiGatewayProxyEvent = APIGatewayProxyEvent | APIGatewayProxyEventV2;

/** What the handler returns: one shape that is a valid result for both payload formats. */
export interface HttpResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: false;
}

// Compile-time proof that HttpResult fits both formats' result types.
const _fitsRestApi = (result: HttpResult): APIGatewayProxyResult => result;
const _fitsHttpApi = (result: HttpResult): APIGatewayProxyStructuredResultV2 => result;

/** The body as API Gateway delivered it: text, or base64 when the content looked binary. */
export interface RawBody {
  text: string;
  isBase64Encoded: boolean;
}

/** A request, independent of the payload format it arrived in. */
export interface HttpRequest {
  /** Upper-case, e.g. `POST`. */
  method: string;
  /** Canonical route path: no stage prefix, no trailing slash, e.g. `/predict`. */
  path: string;
  /** Header names in lower case; repeated headers joined with `,` as HTTP allows. */
  headers: Readonly<Record<string, string>>;
  /** Undefined when the request had no body. */
  body: RawBody | undefined;
  /** API Gateway's id for the request (differs from Lambda's `awsRequestId`). */
  apiRequestId: string;
  payloadVersion: '1.0' | '2.0';
}

/** True for HTTP API payload format 2.0 events. */
export function isHttpApiV2Event(event: ApiGatewayProxyEvent): event is APIGatewayProxyEventV2 {
  return (event as { version?: unknown }).version === '2.0';
}

/**
 * Normalises a 1.0 or 2.0 proxy event.
 * @throws Error when the event is not an API Gateway proxy event at all (a deployment
 *   mistake, so it becomes a logged 500, not a 4xx).
 */
export function toHttpRequest(event: ApiGatewayProxyEvent): HttpRequest {
  if (isHttpApiV2Event(event)) {
    return {
      method: event.requestContext.http.method.toUpperCase(),
      path: canonicalPath(httpApiPath(event)),
      headers: lowerCaseHeaders(event.headers, undefined),
      body: event.body === undefined ? undefined : { text: event.body, isBase64Encoded: event.isBase64Encoded },
      apiRequestId: event.requestContext.requestId,
      payloadVersion: '2.0',
    };
  }
  if (typeof event.httpMethod !== 'string' || typeof event.path !== 'string') {
    throw new Error('Unsupported event: expected an API Gateway proxy event (payload format 1.0 or 2.0).');
  }
  return {
    method: event.httpMethod.toUpperCase(),
    path: canonicalPath(restApiPath(event)),
    headers: lowerCaseHeaders(event.headers, event.multiValueHeaders),
    body: event.body === null || event.body === undefined ? undefined : { text: event.body, isBase64Encoded: event.isBase64Encoded },
    apiRequestId: event.requestContext.requestId,
    payloadVersion: '1.0',
  };
}

/**
 * The path to route on for an HTTP API event.
 *
 * An explicit route (`routeKey` "POST /predict") already names the path, whatever stage
 * or custom domain the call came through. For the catch-all `$default` route (or a
 * route with `{parameters}`) we fall back to `rawPath`, which starts with the stage name
 * when the stage is not `$default` (`/prod/predict`), so that prefix is removed.
 */
function httpApiPath(event: APIGatewayProxyEventV2): string {
  const routePath = event.routeKey.split(' ')[1];
  if (routePath?.startsWith('/') && !routePath.includes('{')) return routePath;
  const stage = event.requestContext.stage;
  const rawPath = event.rawPath;
  if (stage && stage !== '$default' && (rawPath === `/${stage}` || rawPath.startsWith(`/${stage}/`))) {
    return rawPath.slice(stage.length + 1);
  }
  return rawPath;
}

/**
 * The path to route on for a REST API event.
 *
 * `resource` is the matched resource template (`/predict`, or `/{proxy+}` behind a
 * proxy resource) and never contains the stage or a custom domain's base path, so a
 * literal one is used as is. Behind a proxy resource we use `path`, from which REST
 * APIs have already removed the stage (it appears only in `requestContext.path`).
 */
function restApiPath(event: APIGatewayProxyEvent): string {
  const resource = event.resource as string | undefined;
  if (resource?.startsWith('/') && !resource.includes('{')) return resource;
  return event.path;
}

function canonicalPath(path: string): string {
  if (path === '') return '/';
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

function lowerCaseHeaders(
  single: Readonly<Record<string, string | undefined>> | null | undefined,
  multi: Readonly<Record<string, string[] | undefined>> | null | undefined,
): Record<string, string> {
  const headers: Record<string, string> = {};
  // REST APIs keep the client's header case and put repeated headers only in multiValueHeaders.
  for (const [name, values] of Object.entries(multi ?? {})) {
    if (values && values.length > 0) headers[name.toLowerCase()] = values.join(',');
  }
  for (const [name, value] of Object.entries(single ?? {})) {
    const key = name.toLowerCase();
    if (value !== undefined && headers[key] === undefined) headers[key] = value;
  }
  return headers;
}

/**
 * True for `application/json`, optionally with `charset=utf-8` (any case, quoted or
 * not). JSON is UTF-8 by definition (RFC 8259), so any other charset is refused.
 */
export function isJsonContentType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const [mediaType = '', ...parameters] = contentType.split(';');
  if (mediaType.trim().toLowerCase() !== 'application/json') return false;
  return parameters.every((parameter) => {
    const [name = '', value = ''] = parameter.split('=');
    if (name.trim().toLowerCase() !== 'charset') return true;
    const charset = value.trim().replace(/^"(.*)"$/, '$1').toLowerCase();
    return charset === 'utf-8' || charset === 'utf8';
  });
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Checks the content type and size of a JSON request body, decodes it and parses it.
 * @param limitBytes largest accepted body, counted after base64 decoding
 * @throws UnsupportedMediaTypeError (415), PayloadTooLargeError (413), MalformedJsonError (400)
 */
export function parseJsonBody(request: HttpRequest, limitBytes: number): unknown {
  const contentType = request.headers['content-type'];
  if (!isJsonContentType(contentType)) throw new UnsupportedMediaTypeError(contentType);
  const text = decodeBody(request.body, limitBytes);
  if (text.trim() === '') throw new MalformedJsonError('The request body is empty; send a JSON object.');
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new MalformedJsonError(`The request body is not valid JSON: ${(err as Error).message}.`);
  }
}

function decodeBody(body: RawBody | undefined, limitBytes: number): string {
  if (!body) return '';
  if (!body.isBase64Encoded) {
    const bytes = Buffer.byteLength(body.text, 'utf8');
    if (bytes > limitBytes) throw new PayloadTooLargeError(limitBytes, bytes);
    return body.text;
  }
  const bytes = Buffer.from(body.text, 'base64');
  if (bytes.byteLength > limitBytes) throw new PayloadTooLargeError(limitBytes, bytes.byteLength);
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new MalformedJsonError('The request body is not valid UTF-8.');
  }
}

/** A JSON result with the given status, body and extra headers. */
export function jsonResult(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
    isBase64Encoded: false,
  };
}
