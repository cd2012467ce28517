/**
 * A tiny movie service over the append-only log, run as its own process:
 *
 *   node --import tsx server.ts <log file>
 *
 * POST /movies {"title": "…"} appends the movie and answers 201 once `append` resolves: the
 * 201 is the acknowledgement. GET /movies lists every movie the log holds, including those
 * read back from the file at start. It listens on a free loopback port and prints
 * `{"port": …}` on stdout, so a test (or you) can find it.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { open } from './append-log.js';

/** A movie as this service stores it. */
interface Movie {
  title: string;
}

const MAX_BODY_BYTES = 16 * 1024;
const logPath = process.argv[2] ?? 'movies.log';
const log = open<Movie>(logPath);

const server = createServer((req, res) => {
  handle(req, res).catch((err: unknown) => {
    // The record may not be stored: say so, never a 201.
    sendError(res, 503, 'NOT_STORED', 'The movie could not be stored; nothing was acknowledged.', { reason: String(err) });
  });
});

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.url === '/movies' && req.method === 'GET') return send(res, 200, { movies: log.records });
  if (req.url !== '/movies' || req.method !== 'POST') return sendError(res, 404, 'NOT_FOUND', 'Use GET /movies or POST /movies.');
  const body = await readBody(req);
  if (body === undefined) return sendError(res, 413, 'BODY_TOO_LARGE', `The body may be at most ${MAX_BODY_BYTES} bytes.`);
  let movie: unknown;
  try {
    movie = JSON.parse(body);
  } catch {
    return sendError(res, 400, 'INVALID_JSON', 'The body is not JSON.');
  }
  const title = (movie as { title?: unknown } | null)?.title;
  if (typeof title !== 'string' || title.trim() === '') {
    return sendError(res, 400, 'INVALID_MOVIE', 'A movie needs a non-empty "title" string.', { field: 'title' });
  }
  await log.append({ title });
  send(res, 201, { title });
}

/** The request body as text, or undefined if it is longer than MAX_BODY_BYTES. */
async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, payload: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
}

/** The repo's error shape: {"error": {"code", "message", "details"}}. */
function sendError(res: ServerResponse, status: number, code: string, message: string, details: Record<string, unknown> = {}): void {
  if (res.headersSent) return void res.destroy();
  send(res, status, { error: { code, message, details } });
}

// A graceful stop writes what is pending; `kill -9` gives the process no such chance.
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    server.close();
    log.close();
    process.exit(0);
  });
}

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('The server has no TCP port.');
  console.log(JSON.stringify({ port: address.port }));
});
