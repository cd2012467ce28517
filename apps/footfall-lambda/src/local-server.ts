/**
 * Serves a Lambda handler over real HTTP on your machine, with nothing but node:http.
 *
 * Each request becomes an API Gateway HTTP API payload 2.0 event, built the way API
 * Gateway builds it (lower-case headers, `cookies`, `rawPath`, `$default` stage, base64
 * for binary bodies), and the handler's result is written back. So the code you try
 * locally is the code that deploys: no Express, no second routing layer.
 *
 * `createLocalServer` never listens; local-main.ts does. Edit this file when the
 * deployed API changes how it calls the function (for example a named stage).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { ModelError, PayloadTooLargeError, toErrorResponse } from '@serverless-ai/model-interface';
import { LAMBDA_PAYLOAD_LIMIT_BYTES } from './config.js';
import { logger } from './logger.js';

/** Any handler that answers HTTP API payload 2.0 events, such as `handler` in handler.ts. */
export type HttpApiHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/** Options for `createLocalServer`. */
export interface LocalServerOptions {
  handler: HttpApiHandler;
  /**
   * Bodies above this never reach the handler, as with Lambda's synchronous payload limit.
   * @default LAMBDA_PAYLOAD_LIMIT_BYTES (6 MB)
   */
  transportLimitBytes?: number;
  /**
   * Reported in the fake Lambda context (`context.functionName`), and so in the logs.
   * @default 'footfall-local'
   */
  functionName?: string;
}

/**
 * 400: what arrived is not a request API Gateway would pass on: bytes that are not
 * well-formed HTTP, or a request target that is not a URL path. On AWS, API Gateway
 * refuses these before the function runs; locally we answer in the shared error shape.
 */
export class MalformedHttpRequestError extends ModelError {
  readonly status = 400;
  readonly code = 'MALFORMED_HTTP_REQUEST';
}

/** Creates (but does not start) an HTTP server that invokes `handler` once per request. */
export function createLocalServer(options: LocalServerOptions): Server {
  const limit = options.transportLimitBytes ?? LAMBDA_PAYLOAD_LIMIT_BYTES;
  const functionName = options.functionName ?? 'footfall-local';
  const server = createServer((req, res) => {
    void serve(req, res, options.handler, limit, functionName);
  });
  // Node's HTTP parser answers broken requests with a bare "400 Bad Request" of its own;
  // this answers them in the shared JSON shape, like every other error.
  server.on('clientError', answerClientError);
  return server;
}

/** Writes a 400 in the shared shape on a connection whose bytes Node could not parse as HTTP, then closes it. */
function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  // The client hung up, or the socket is already closed: there is nobody to answer.
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const reason = err.code ?? 'UNKNOWN';
  const { status, body } = toErrorResponse(new MalformedHttpRequestError(`The request is not well-formed HTTP (${reason}).`, { reason }));
  const text = JSON.stringify(body);
  socket.end(`HTTP/1.1 ${status} Bad Request\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`);
}

async function serve(req: IncomingMessage, res: ServerResponse, handler: HttpApiHandler, limit: number, functionName: string): Promise<void> {
  try {
    const body = await readBody(req, limit);
    const event = toHttpApiEvent(req, body);
    const result = await handler(event, createLocalContext(functionName));
    writeResult(res, result);
  } catch (err) {
    const { status, body } = toErrorResponse(err);
    if (status >= 500) logger.error('Local server failed to invoke the handler', { error: err });
    writeResult(res, { statusCode: status, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(body) });
  }
}

/** Reads the whole body; past `limit` it keeps draining (so the client sees our answer) but stops storing. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      received += chunk.byteLength;
      if (received <= limit) chunks.push(chunk);
    });
    req.on('end', () => (received > limit ? reject(new PayloadTooLargeError(limit, received)) : resolve(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

const TEXT_MEDIA_TYPE = /^(text\/.*|application\/(json|xml|javascript|x-www-form-urlencoded)|application\/[\w.+-]+\+(json|xml))$/;

/**
 * Builds the payload 2.0 event API Gateway would send for this request on the
 * `$default` stage and route.
 */
export function toHttpApiEvent(req: IncomingMessage, body: Buffer): APIGatewayProxyEventV2 {
  const url = parseRequestTarget(req.url ?? '/');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name === 'cookie') continue;
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const cookies = req.headers.cookie?.split(';').map((cookie) => cookie.trim()).filter(Boolean);
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = query[name] === undefined ? value : `${query[name]},${value}`;
  const mediaType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const isText = TEXT_MEDIA_TYPE.test(mediaType);
  const now = new Date();
  const method = (req.method ?? 'GET').toUpperCase();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(cookies && cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: req.headers.host ?? 'localhost',
      domainPrefix: (req.headers.host ?? 'localhost').split('.')[0]!,
      http: {
        method,
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: req.headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: formatRequestTime(now),
      timeEpoch: now.getTime(),
    },
    ...(body.byteLength > 0 ? { body: isText ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: body.byteLength > 0 && !isText,
  };
}

/**
 * The path and query of a request target. `//[` or `http://[::1` parse as a URL with a
 * broken host and throw; API Gateway never forwards such a request, so it is a 400 here.
 * @throws MalformedHttpRequestError when the target is not a URL path.
 */
function parseRequestTarget(target: string): URL {
  try {
    return new URL(target, 'http://localhost');
  } catch {
    throw new MalformedHttpRequestError('The request target is not a valid URL path.', { target: target.slice(0, 200) });
  }
}

/** A Lambda context with the fields the handler and Powertools Logger read. */
function createLocalContext(functionName: string, timeoutMs = 10_000): Context {
  const deadline = Date.now() + timeoutMs;
  const noop = (): void => undefined;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: noop,
    fail: noop,
    succeed: noop,
  };
}

function writeResult(res: ServerResponse, result: APIGatewayProxyStructuredResultV2): void {
  const body = result.body === undefined ? Buffer.alloc(0) : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
  const headers: Record<string, string | number | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  if (result.cookies && result.cookies.length > 0) headers['set-cookie'] = result.cookies;
  headers['content-length'] = body.byteLength;
  res.writeHead(result.statusCode ?? 200, headers);
  res.end(body);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** API Gateway's `requestContext.time` format: `12/Mar/2020:19:03:58 +0000`. */
function formatRequestTime(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}
