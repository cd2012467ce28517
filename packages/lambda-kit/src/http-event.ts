/**
 * Turning API Gateway proxy events into one small request shape, and results back.
 *
 * API Gateway sends two payload formats: 2.0 from HTTP APIs (what both Lambda functions
 * are deployed behind, and what apps/footfall-lambda's local server produces) and 1.0
 * from REST APIs (and HTTP APIs set to 1.0). Everything format-specific lives here, so a
 * route never looks at a raw event. The body rules are the same for every function: a
 * JSON content type or 415, a size limit or 413 (counted after base64 decoding), valid
 * UTF-8 JSON or 400. Edit this file when a route needs another header or event source.
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
  /** Undefined when the request had no body (the field absent, `null`, or not text at all). */
  body: RawBody | undefined;
  /** API Gateway's id for the request (differs from Lambda's `awsRequestId`); empty when the event has none. */
  apiRequestId: string;
  payloadVersion: '1.0' | '2.0';
}

/**
 * The event is not an API Gateway proxy event at all: there is no method and path to
 * route on. That is a deployment mistake (the function wired to another trigger, or a
 * hand-made `aws lambda invoke` payload), not a client error, so the handler answers the
 * documented opaque 500 and logs this error. It is the only 5xx an event can cause.
 */
export class NotAnApiGatewayEventError extends Error {
  constructor() {
    super('Unsupported event: expected an API Gateway proxy event (payload format 1.0 or 2.0) with a method and a path.');
    this.name = 'NotAnApiGatewayEventError';
  }
}

/**
 * Normalises a 1.0 or 2.0 proxy event.
 *
 * Only the fields needed to route are required: for 2.0 `version: "2.0"`,
 * `requestContext.http.method` and `rawPath`; for 1.0 `httpMethod` and `path`, all
 * strings. Every other field is optional: one that is missing, `null` or of the wrong
 * type is treated as absent (a header that is not a string is dropped, a body that is
 * not a string is no body). API Gateway never sends such events, but a handler that
 * trusts them turns one odd event into a crash; the fuzz tests send thousands.
 * @throws NotAnApiGatewayEventError when the event has no method and path to route on.
 */
export function toHttpRequest(event: ApiGatewayProxyEvent): HttpRequest {
  const raw: unknown = event;
  if (!isObject(raw)) throw new NotAnApiGatewayEventError();
  if (raw.version === '2.0') {
    const requestContext = isObject(raw.requestContext) ? raw.requestContext : {};
    const method = isObject(requestContext.http) ? requestContext.http.method : undefined;
    if (typeof method !== 'string' || typeof raw.rawPath !== 'string') throw new NotAnApiGatewayEventError();
    return {
      method: method.toUpperCase(),
      path: canonicalPath(httpApiPath(stringOr(raw.routeKey, '$default'), stringOr(requestContext.stage, ''), raw.rawPath)),
      headers: lowerCaseHeaders(raw.headers, undefined),
      body: rawBodyOf(raw.body, raw.isBase64Encoded),
      apiRequestId: stringOr(requestContext.requestId, ''),
      payloadVersion: '2.0',
    };
  }
  if (typeof raw.httpMethod !== 'string' || typeof raw.path !== 'string') throw new NotAnApiGatewayEventError();
  const requestContext = isObject(raw.requestContext) ? raw.requestContext : {};
  return {
    method: raw.httpMethod.toUpperCase(),
    path: canonicalPath(restApiPath(typeof raw.resource === 'string' ? raw.resource : undefined, raw.path)),
    headers: lowerCaseHeaders(raw.headers, raw.multiValueHeaders),
    body: rawBodyOf(raw.body, raw.isBase64Encoded),
    apiRequestId: stringOr(requestContext.requestId, ''),
    payloadVersion: '1.0',
  };
}

/** A plain JSON object (not null, not an array), whose fields are still unchecked. */
function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

/**
 * The body field of either format. API Gateway sends a string, or `null` when the request
 * had no body (payload 2.0 may also leave the field out); anything else is not a body.
 */
function rawBodyOf(body: unknown, isBase64Encoded: unknown): RawBody | undefined {
  if (typeof body !== 'string') return undefined;
  return { text: body, isBase64Encoded: isBase64Encoded === true };
}

/**
 * The path to route on for an HTTP API event.
 *
 * An explicit route (`routeKey` "POST /predict") already names the path, whatever stage
 * or custom domain the call came through. For the catch-all `$default` route (or a
 * route with `{parameters}`) we fall back to `rawPath`, which starts with the stage name
 * when the stage is not `$default` (`/prod/predict`), so that prefix is removed.
 */
function httpApiPath(routeKey: string, stage: string, rawPath: string): string {
  const routePath = routeKey.split(' ')[1];
  if (routePath?.startsWith('/') && !routePath.includes('{')) return routePath;
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
function restApiPath(resource: string | undefined, path: string): string {
  if (resource?.startsWith('/') && !resource.includes('{')) return resource;
  return path;
}

function canonicalPath(path: string): string {
  if (path === '') return '/';
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

/** Header names in lower case; values that are not strings (or lists of strings) are left out. */
function lowerCaseHeaders(single: unknown, multi: unknown): Record<string, string> {
  // No prototype, so a header named `__proto__` or `constructor` is just a header.
  const headers = Object.create(null) as Record<string, string>;
  // REST APIs keep the client's header case and put repeated headers only in multiValueHeaders.
  for (const [name, values] of Object.entries(isObject(multi) ? multi : {})) {
    const strings = Array.isArray(values) ? values.filter((value): value is string => typeof value === 'string') : [];
    if (strings.length > 0) headers[name.toLowerCase()] = strings.join(',');
  }
  for (const [name, value] of Object.entries(isObject(single) ? single : {})) {
    const key = name.toLowerCase();
    if (typeof value === 'string' && headers[key] === undefined) headers[key] = value;
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

const EMPTY_BODY_MESSAGE = 'The request body is empty; send a JSON object.';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Checks the content type and size of a JSON request body, decodes it and parses it.
 * @param limitBytes largest accepted body, counted after base64 decoding
 * @throws UnsupportedMediaTypeError (415), PayloadTooLargeError (413), MalformedJsonError (400)
 */
export function parseJsonBody(request: HttpRequest, limitBytes: number): unknown {
  // No body at all (absent, or `null` as API Gateway sends it) is the first thing to
  // fix, whatever the content type says, so it is reported before the content type.
  if (request.body === undefined) throw new MalformedJsonError(EMPTY_BODY_MESSAGE);
  const contentType = request.headers['content-type'];
  if (!isJsonContentType(contentType)) throw new UnsupportedMediaTypeError(contentType);
  const text = decodeBody(request.body, limitBytes);
  if (text.trim() === '') throw new MalformedJsonError(EMPTY_BODY_MESSAGE);
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new MalformedJsonError(`The request body is not valid JSON: ${(err as Error).message}.`);
  }
}

function decodeBody(body: RawBody, limitBytes: number): string {
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
