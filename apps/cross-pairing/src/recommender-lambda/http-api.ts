/**
 * API Gateway HTTP API (payload format 2.0) events in, JSON results out.
 *
 * apps/footfall-lambda has the full version (payload 1.0 as well, a route table);
 * apps are not libraries, so this is the small subset the recommender's one route
 * needs, with the same rules: a JSON content type or 415, a size limit or 413 (counted
 * after base64 decoding), valid UTF-8 JSON or 400. Edit it when the handler needs a
 * header or another payload format.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { MalformedJsonError, PayloadTooLargeError, UnsupportedMediaTypeError } from '@serverless-ai/model-interface';

/** What the handler returns for every request. */
export interface JsonResult extends APIGatewayProxyStructuredResultV2 {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * The route path of an event: the raw path without a named stage's prefix and without
 * a trailing slash (`/prod/recommendations/` → `/recommendations`).
 */
export function routePath(event: APIGatewayProxyEventV2): string {
  const stage = event.requestContext.stage;
  let path = event.rawPath || '/';
  if (stage && stage !== '$default' && (path === `/${stage}` || path.startsWith(`/${stage}/`))) path = path.slice(stage.length + 1) || '/';
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

/** The header's value whatever case the client used (API Gateway lower-cases them, tests may not). */
function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  const found = Object.entries(event.headers ?? {}).find(([key]) => key.toLowerCase() === name);
  return found?.[1];
}

/** True for `application/json`, with no charset or a UTF-8 one. */
function isJson(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const [type = '', ...parameters] = contentType.split(';');
  if (type.trim().toLowerCase() !== 'application/json') return false;
  return parameters.every((parameter) => {
    const [name = '', value = ''] = parameter.split('=');
    return name.trim().toLowerCase() !== 'charset' || /^"?utf-?8"?$/i.test(value.trim());
  });
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Checks the content type and size of the body, decodes it and parses it.
 * @throws UnsupportedMediaTypeError (415), PayloadTooLargeError (413), MalformedJsonError (400)
 */
export function parseJsonBody(event: APIGatewayProxyEventV2, limitBytes: number): unknown {
  const contentType = header(event, 'content-type');
  if (!isJson(contentType)) throw new UnsupportedMediaTypeError(contentType);
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.byteLength > limitBytes) throw new PayloadTooLargeError(limitBytes, bytes.byteLength);
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    throw new MalformedJsonError('The request body is not valid UTF-8.');
  }
  if (text.trim() === '') throw new MalformedJsonError('The request body is empty; send a JSON object.');
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new MalformedJsonError(`The request body is not valid JSON: ${(err as Error).message}.`);
  }
}

/** A JSON result with the given status, body and extra headers. */
export function jsonResult(statusCode: number, body: unknown, headers: Record<string, string> = {}): JsonResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
    isBase64Encoded: false,
  };
}
