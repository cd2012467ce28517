/**
 * The demo server: static page, one-origin proxy to both services, and the small
 * JSON endpoints the page needs (samples, config, start-up summary, chart list).
 *
 * `createServer(deps)` only wires routes; reading env, loading samples and `listen`
 * live in index.ts so tests can build a server from in-memory deps. Edit this file
 * to add an endpoint; keep every error in the shared `{"error":{…}}` shape.
 */
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fromBodyParserError, InvalidInputError, NotFoundError, toErrorResponse } from '@serverless-ai/model-interface';
import type { Logger } from './logger.js';
import { createUpstreamProxy } from './proxy.js';
import type { BecauseList, ChartList, DemoConfig, FootfallSamples, MovieVector, RecommenderSamples, StackSummary } from './shared/types.js';

/** Everything the demo server needs, injected so tests can replace any of it. */
export interface DemoServerDeps {
  /** Base URL of the footfall Lambda's local server, e.g. `http://127.0.0.1:3001`. */
  footfallUrl: string;
  /** Base URL of the recommender container, e.g. `http://127.0.0.1:3002`. */
  recommenderUrl: string;
  /** Sample days and feature metadata, loaded once at start-up. */
  footfallSamples: FootfallSamples;
  /** Sample users derived from the recommender's catalog at start-up. */
  recommenderSamples: RecommenderSamples;
  /** Vector `[embedding…, bias]` of a committed catalog movie, for the admin form's "start next to" option. */
  vectorOf: (movieId: number) => number[] | undefined;
  /** For each recommended catalog movie, the closest liked one (the page's "Because you liked…" column). */
  becauseOf: (recommended: readonly number[], liked: readonly number[]) => BecauseList['because'];
  /**
   * Recommender admin token, or null. The proxy adds it to the admin writes it forwards
   * (`POST /movies`, `DELETE /movies/:id`); it is never sent to the browser.
   */
  adminToken: string | null;
  /** JSON file the orchestrator writes once every service is ready; read on each request. */
  summaryPath: string | null;
  /** Folder with benchmark results (`docs/results`); its `*.svg` files are served at `/results/`. */
  resultsDir: string | null;
  /** Folders of static files, first match wins (hand-written `public/`, then built `dist/public/`). */
  staticDirs: string[];
  logger: Logger;
  /**
   * Upstream timeout for proxied requests.
   * @default 30000
   */
  upstreamTimeoutMs?: number;
}

/** Builds the Express app. It does not listen: index.ts does. */
export function createServer(deps: DemoServerDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(
    helmet({
      // Served over plain http on localhost: no HSTS, and no upgrade of same-origin requests to https.
      strictTransportSecurity: false,
      contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
    }),
  );

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  // 1. Page data: config, samples, summary, charts.
  app.get('/api/config', (_req, res) => {
    const body: DemoConfig = { adminWrites: deps.adminToken !== null };
    res.set('cache-control', 'no-store').json(body);
  });

  app.get('/api/samples/footfall', (_req, res) => {
    res.json(deps.footfallSamples);
  });

  app.get('/api/samples/recommender', (_req, res) => {
    res.json(deps.recommenderSamples);
  });

  app.get('/api/samples/recommender/vectors/:movieId', (req, res) => {
    const raw = req.params.movieId;
    const movieId = /^\d{1,10}$/.test(raw) ? Number(raw) : Number.NaN;
    if (!isMovieId(movieId)) throw new InvalidInputError([{ path: ['movieId'], message: `Movie ids are positive integers, got ${JSON.stringify(raw)}` }]);
    const vector = deps.vectorOf(movieId);
    if (!vector) throw new NotFoundError(`Movie ${movieId} is not in the committed catalog.`, { movieId });
    const body: MovieVector = { movieId, vector };
    res.json(body);
  });

  app.get('/api/samples/recommender/because', (req, res) => {
    const body: BecauseList = { because: deps.becauseOf(movieIdList(req.query, 'recommended'), movieIdList(req.query, 'liked')) };
    res.json(body);
  });

  app.get('/api/summary', async (_req, res) => {
    const summary = deps.summaryPath ? await readSummary(deps.summaryPath) : null;
    if (!summary) {
      throw new NotFoundError('No start-up summary yet: it is written by `npm start` once every service is ready.', {
        summaryPath: deps.summaryPath,
      });
    }
    res.set('cache-control', 'no-store').json(summary);
  });

  app.get('/api/charts', async (_req, res) => {
    const body: ChartList = { charts: deps.resultsDir ? await listCharts(deps.resultsDir) : [] };
    res.set('cache-control', 'no-store').json(body);
  });

  if (deps.resultsDir) {
    const resultsDir = deps.resultsDir;
    // Only the charts: result JSON and anything else in that folder stays private.
    app.use('/results', (req, _res, next) => {
      next(req.path.endsWith('.svg') ? undefined : new NotFoundError(`No chart at /results${req.path}.`));
    });
    app.use('/results', express.static(resultsDir, { index: false, fallthrough: true }));
  }

  // 2. One origin for the browser: forward each service's API.
  const timeoutMs = deps.upstreamTimeoutMs ?? 30_000;
  app.use('/api/footfall', createUpstreamProxy({ service: 'footfall', baseUrl: deps.footfallUrl, timeoutMs, logger: deps.logger }));
  app.use(
    '/api/recommender',
    createUpstreamProxy({
      service: 'recommender',
      baseUrl: deps.recommenderUrl,
      timeoutMs,
      logger: deps.logger,
      ...(deps.adminToken ? { serverAuthorization: { token: deps.adminToken, appliesTo: isRecommenderAdminWrite } } : {}),
    }),
  );

  // 3. The page itself.
  for (const dir of deps.staticDirs) app.use(express.static(dir, { index: 'index.html' }));

  // 4. Anything else is a JSON 404, then one error handler for everything thrown above.
  app.use((req, _res, next) => {
    next(new NotFoundError(`No route for ${req.method} ${req.path}.`, { method: req.method, path: req.path }));
  });

  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const { status, body } = toErrorResponse(toKnownError(err, req.get('content-type')));
    if (status >= 500 && status !== 502 && status !== 504) deps.logger.error({ err, path: req.path }, 'request failed');
    res.status(status).json(body);
  });

  return app;
}

const MAX_LISTED_MOVIES = 200;

function isMovieId(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 1;
}

/** A query parameter `?name=1,2,3` as movie ids. @throws InvalidInputError naming the parameter. */
function movieIdList(query: Request['query'], name: string): number[] {
  const raw = query[name];
  if (typeof raw !== 'string' || raw === '') throw new InvalidInputError([{ path: [name], message: `${name} must be a comma-separated list of movie ids` }]);
  const parts = raw.split(',');
  const ids = parts.map((part) => (/^\d{1,10}$/.test(part) ? Number(part) : Number.NaN));
  const bad = parts.findIndex((_, i) => !isMovieId(ids[i]!));
  if (bad >= 0) throw new InvalidInputError([{ path: [name, bad], message: `Movie ids are positive integers, got ${JSON.stringify(parts[bad])}` }]);
  if (ids.length > MAX_LISTED_MOVIES) throw new InvalidInputError([{ path: [name], message: `At most ${MAX_LISTED_MOVIES} movie ids, got ${ids.length}` }]);
  return ids;
}

/** The recommender's admin API: adding and removing movies. */
function isRecommenderAdminWrite(method: string, path: string): boolean {
  return (method === 'POST' && path === '/movies') || (method === 'DELETE' && /^\/movies\/[^/]+$/.test(path));
}

/** Maps body-parser and static-file errors to the typed errors `toErrorResponse` knows. */
function toKnownError(err: unknown, contentType?: string): unknown {
  const mapped = fromBodyParserError(err, contentType);
  if (mapped !== err) return mapped;
  const e = err as { status?: number; expose?: boolean; message?: string } | null;
  if (e?.status === 404 && e.expose) return new NotFoundError(e.message ?? 'Not found.');
  return err;
}

async function readSummary(path: string): Promise<StackSummary | null> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as StackSummary;
  } catch {
    // Missing (not started through npm start) or half-written: both mean "not yet".
    return null;
  }
}

async function listCharts(dir: string): Promise<ChartList['charts']> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const charts = await Promise.all(
    names
      .filter((name) => name.endsWith('.svg'))
      .sort()
      .map(async (name) => ({ name, url: `/results/${encodeURIComponent(name)}`, title: await chartTitle(join(dir, name), name) })),
  );
  return charts;
}

/**
 * The chart's own title: an SVG `<title>`, or the title mark vega labels
 * `aria-label="Title text '…'"`; else a title made from the file name.
 */
async function chartTitle(path: string, name: string): Promise<string> {
  try {
    const svg = (await readFile(path, 'utf8')).slice(0, 512 * 1024);
    const match = /<title[^>]*>([^<]{1,200})<\/title>/i.exec(svg) ?? /aria-label="Title text '([^"]{1,200})'"/.exec(svg);
    if (match?.[1]) return decodeEntities(match[1].trim());
  } catch {
    // fall through to the file name
  }
  const base = name.replace(/\.svg$/, '').replace(/[-_]+/g, ' ');
  return base.charAt(0).toUpperCase() + base.slice(1);
}

function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39|apos);/g, (_, entity: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'" })[entity] ?? '');
}
