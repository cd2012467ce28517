/**
 * A tiny static server for the built site, on a free loopback port: what a host such as
 * GitHub Pages or S3 would do with cleanUrls (`/glossary` serves glossary.html, `/workshop`
 * redirects to `/workshop/`), nothing more.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain',
};

/** The file a URL path maps to in `root`, or null (404). */
export function fileFor(root: string, urlPath: string): string | null {
  const clean = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  const base = path.resolve(root, '.' + clean);
  if (!base.startsWith(path.resolve(root))) return null;
  const candidates = clean.endsWith('/') ? [path.join(base, 'index.html')] : [base, `${base}.html`, path.join(base, 'index.html')];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile()) ?? null;
}

/**
 * `/workshop` → `/workshop/` when only the folder's index.html exists, as GitHub Pages, S3
 * websites and nginx do: a folder's page links relative to its folder, which the browser
 * only knows from the trailing slash.
 */
export function folderRedirect(root: string, urlPath: string): string | null {
  const [pathname = '/', query] = urlPath.split('?');
  if (pathname.endsWith('/')) return null;
  const base = path.resolve(root, '.' + decodeURIComponent(pathname));
  if (!base.startsWith(path.resolve(root)) || existsSync(`${base}.html`) || !existsSync(base) || !statSync(base).isDirectory()) return null;
  return existsSync(path.join(base, 'index.html')) ? `${pathname}/${query === undefined ? '' : `?${query}`}` : null;
}

/** Serves `root` on 127.0.0.1 at a free port; resolves with the base URL and a close function. */
export async function serveStatic(root: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const urlPath = req.url ?? '/';
    const folderIndex = folderRedirect(root, urlPath);
    if (folderIndex) {
      res.writeHead(301, { location: folderIndex });
      return void res.end();
    }
    const file = fileFor(root, urlPath);
    const notFound = path.join(root, '404.html');
    const chosen = file ?? (existsSync(notFound) ? notFound : null);
    res.statusCode = file ? 200 : 404;
    if (!chosen) return void res.end('not found');
    res.setHeader('content-type', TYPES[path.extname(chosen)] ?? 'application/octet-stream');
    createReadStream(chosen).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}
