/**
 * The built site in real headless Chromium (Debian's /usr/bin/chromium through playwright-core).
 *
 * Serves docs/.vitepress/dist on a free loopback port, visits every page VitePress built, every
 * sidebar entry and every page reached by following internal links, at desktop and phone
 * widths, and records what a reader would hit: broken links and anchors, missing images,
 * Mermaid blocks left unrendered, console errors, and any request leaving the machine.
 * Screenshots go to docs/.screenshots/ (git-ignored) for review.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { READING_ORDER, sourceFileFor } from '../.vitepress/reading-order.js';
import { fencedBlocks } from './support/honesty.js';
import { DIST_DIR, DOCS_DIR, sitePages } from './support/site.js';
import { serveStatic } from './support/static-server.js';

const SCREENSHOTS = path.join(DOCS_DIR, '.screenshots');
const VIEWPORTS = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

interface Visit {
  route: string;
  status: number;
  ids: string[];
  links: Array<{ href: string; text: string }>;
  brokenImages: string[];
  mermaidExpected: number;
  mermaidRendered: number;
}

const visits = new Map<string, Visit>();
const consoleErrors: string[] = [];
const failedRequests: string[] = [];
const externalRequests: string[] = [];
const screenshots: string[] = [];
let fileLinks: Array<{ from: string; url: string; status: number }> = [];
let builtRoutes: string[] = [];
let browser: Browser | undefined;
let server: { url: string; close: () => Promise<void> } | undefined;

/** The route of an internal URL path ('/glossary.html' and '/glossary' are the same page). */
function routeOf(pathname: string): string {
  const route = decodeURIComponent(pathname).replace(/\.html$/, '').replace(/\/index$/, '/');
  return route.length > 1 ? route.replace(/\/$/, '') : '/';
}

/** Mermaid fences in the page's markdown: how many diagrams must render. */
function mermaidBlocksIn(route: string, pages: Map<string, string>): number {
  const file = pages.get(route) ?? sourceFileFor(route);
  const full = path.join(DOCS_DIR, file);
  return existsSync(full) ? fencedBlocks(readFileSync(full, 'utf8')).filter((b) => b.lang === 'mermaid').length : 0;
}

async function newContext(viewport: { width: number; height: number }): Promise<BrowserContext> {
  const context = await browser!.newContext({ viewport, deviceScaleFactor: 1 });
  // Anything not on loopback is recorded and refused, so an outside call fails the test offline too.
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === 'data:' || url.protocol === 'blob:' || LOOPBACK.has(url.hostname)) return route.continue();
    externalRequests.push(url.href);
    return route.abort();
  });
  return context;
}

/** Forgets (and deletes) the screenshot one visit took. */
function dropScreenshot(route: string, viewportName: keyof typeof VIEWPORTS): void {
  const file = screenshotFile(route, viewportName);
  screenshots.splice(screenshots.indexOf(file), 1);
  rmSync(file, { force: true });
}

function screenshotFile(route: string, viewportName: keyof typeof VIEWPORTS): string {
  const name = route === '/' ? 'index' : route.slice(1).replace(/\//g, '__');
  return path.join(SCREENSHOTS, `${name}.${viewportName}.jpg`);
}

async function visit(context: BrowserContext, route: string, viewportName: keyof typeof VIEWPORTS, mermaidExpected: number): Promise<Visit> {
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(`${route} (${viewportName}): ${message.text()}`);
  });
  page.on('pageerror', (error) => consoleErrors.push(`${route} (${viewportName}): page error ${error.message}`));
  page.on('requestfailed', (request) => {
    if (LOOPBACK.has(new URL(request.url()).hostname)) failedRequests.push(`${route}: ${request.url()} ${request.failure()?.errorText ?? ''}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) failedRequests.push(`${route}: ${response.url()} answered ${response.status()}`);
  });
  // 'load': the prerendered page, its scripts (hydration) and its images are in. Mermaid, which
  // renders later, is waited for below; 'networkidle' would add half a second of quiet to each of
  // the ~150 visits and push the crawl past its budget on a busy 2-core CI machine.
  const response = await page.goto(server!.url + route, { waitUntil: 'load' });
  if (mermaidExpected > 0) {
    await page
      .waitForFunction((n) => document.querySelectorAll('.mermaid svg').length >= n, mermaidExpected, { timeout: 20_000 })
      .catch(() => undefined);
  }
  const found = await page.evaluate(() => ({
    ids: Array.from(document.querySelectorAll('[id]'), (e) => e.id),
    links: Array.from(document.querySelectorAll('a[href]'), (a) => ({ href: (a as HTMLAnchorElement).href, text: a.textContent?.trim() ?? '' })),
    brokenImages: Array.from(document.images)
      .filter((img) => !img.complete || img.naturalWidth === 0)
      .map((img) => img.currentSrc || img.src),
    mermaidRendered: document.querySelectorAll('.mermaid svg').length,
  }));
  const file = screenshotFile(route, viewportName);
  await page.screenshot({ path: file, fullPage: true, type: 'jpeg', quality: 70 }); // JPEG: far quicker to encode than PNG for ~150 long pages
  screenshots.push(file);
  await page.close();
  return { route, status: response?.status() ?? 0, mermaidExpected, ...found };
}

beforeAll(async () => {
  if (!existsSync(path.join(DIST_DIR, 'index.html'))) {
    // Under turbo, docs:build ran first; run alone, the test builds the site itself.
    execFileSync('npx', ['vitepress', 'build', '.'], { cwd: DOCS_DIR, stdio: 'inherit' });
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
  const pages = await sitePages();
  builtRoutes = pages.map((p) => p.route);
  const sourceOf = new Map(pages.map((p) => [p.route, p.file]));
  server = await serveStatic(DIST_DIR);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  const desktop = await newContext(VIEWPORTS.desktop);
  const phone = await newContext(VIEWPORTS.phone);

  const sidebarRoutes = READING_ORDER.flatMap((group) => group.items.map((item) => item.link));
  const queue = [...new Set([...sidebarRoutes, ...builtRoutes])];
  const otherFiles = new Map<string, string>();
  while (queue.length > 0) {
    const route = queue.shift()!;
    if (visits.has(route)) continue;
    const expected = mermaidBlocksIn(route, sourceOf);
    // Both widths at once: two pages in two contexts, so the crawl takes half as long.
    const [seen, onPhone] = await Promise.all([visit(desktop, route, 'desktop', expected), visit(phone, route, 'phone', expected)]);
    visits.set(route, seen);
    if (seen.status !== 200) dropScreenshot(onPhone.route, 'phone'); // a missing page keeps one screenshot (desktop)
    for (const link of seen.links) {
      const url = new URL(link.href);
      if (url.origin !== server.url) continue;
      if (/\.[a-z0-9]+$/i.test(url.pathname) && !url.pathname.endsWith('.html')) otherFiles.set(url.pathname, route);
      else if (!visits.has(routeOf(url.pathname))) queue.push(routeOf(url.pathname));
    }
  }
  await desktop.close();
  await phone.close();
  fileLinks = await Promise.all(
    [...otherFiles].map(async ([pathname, from]) => ({ from, url: pathname, status: (await fetch(server!.url + pathname)).status })),
  );
}, 480_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the built site in Chromium', () => {
  it('serves every sidebar page and every page VitePress built', () => {
    const notServed = [...visits.values()].filter((v) => v.status !== 200).map((v) => `${v.route} answered ${v.status}`);
    expect(notServed).toEqual([]);
    for (const route of [...READING_ORDER.flatMap((g) => g.items.map((i) => i.link)), ...builtRoutes]) expect(visits.get(route)?.status).toBe(200);
  });

  it('has no internal link to a missing page, file or anchor', () => {
    const broken: string[] = [];
    for (const from of visits.values()) {
      for (const link of from.links) {
        const url = new URL(link.href);
        if (url.origin !== server!.url || /\.[a-z0-9]+$/i.test(url.pathname.replace(/\.html$/, ''))) continue;
        const target = visits.get(routeOf(url.pathname));
        if (!target || target.status !== 200) broken.push(`${from.route}: "${link.text}" → ${url.pathname} (no page)`);
        else if (url.hash.length > 1 && !target.ids.includes(decodeURIComponent(url.hash.slice(1)))) {
          broken.push(`${from.route}: "${link.text}" → ${url.pathname}${url.hash} (no such anchor)`);
        }
      }
    }
    broken.push(...fileLinks.filter((f) => f.status !== 200).map((f) => `${f.from}: ${f.url} answered ${f.status}`));
    expect(broken).toEqual([]);
  });

  it('loads every image and chart, and no request fails', () => {
    expect([...visits.values()].flatMap((v) => v.brokenImages.map((src) => `${v.route}: ${src}`))).toEqual([]);
    expect(failedRequests).toEqual([]);
  });

  it('renders every Mermaid block to an SVG', () => {
    const pagesWithDiagrams = [...visits.values()].filter((v) => v.mermaidExpected > 0);
    expect(pagesWithDiagrams.length).toBeGreaterThan(0);
    expect(pagesWithDiagrams.filter((v) => v.mermaidRendered < v.mermaidExpected).map((v) => `${v.route}: ${v.mermaidRendered} of ${v.mermaidExpected}`)).toEqual([]);
  });

  it('logs no console error and throws no page error', () => {
    expect(consoleErrors).toEqual([]);
  });

  it('asks no host outside this machine for anything', () => {
    expect(externalRequests).toEqual([]);
  });

  it('finds a page through the local search box', async () => {
    const context = await newContext(VIEWPORTS.desktop);
    const page = await context.newPage();
    await page.goto(server!.url + '/', { waitUntil: 'networkidle' });
    await page.getByRole('button', { name: /search/i }).first().click();
    // The box and its index load on first use; on a busy machine that can take seconds.
    const input = page.locator('#localsearch-input');
    await input.waitFor({ state: 'visible', timeout: 30_000 });
    await input.fill('provisioned concurrency');
    await expect.poll(() => page.locator('.VPLocalSearchBox .result').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await page.locator('.VPLocalSearchBox .result').first().getAttribute('href')).toMatch(/^\//);
    await context.close();
  });

  it('leaves a desktop and a phone screenshot of every page for review', () => {
    const served = [...visits.values()].filter((v) => v.status === 200).length;
    expect(screenshots.length).toBe(visits.size + served);
    expect(screenshots.every((file) => existsSync(file))).toBe(true);
  });
});
