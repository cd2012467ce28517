/**
 * End to end, in a real headless Chromium: the real footfall Lambda local server and
 * the real recommender container (temp DATA_DIR, its own admin token) started the way
 * `npm start` starts them, the demo server in-process on an ephemeral port, and the
 * page driven like a user would: mouse and keyboard.
 *
 * Needs the apps built (turbo runs their `build` before this package's tests) and
 * Debian's chromium at /usr/bin/chromium (.ci/run installs it).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Comparison, RECOMMENDER_SERVICE, RECOMMENDER_TASK_SIZES } from '@serverless-ai/cost-model';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_DIR } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { getFreePort, startService, type RunningService } from '../orchestrator/processes.js';
import { footfallSpec, recommenderSpec, startCommandOf, APP_DIRS, REPO_ROOT } from '../orchestrator/services.js';
import { loadFootfallSamples, loadRecommenderSamples } from '../src/samples.js';
import { createServer } from '../src/server.js';
import type { FootfallSamples, RecommenderSamples } from '../src/shared/types.js';
import { sizeTaskForCatalog } from '../../recommender-container/lib/task-sizing.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'];
const ADMIN_TOKEN = 'e2e-admin-token-0123456789';
// Same variable as the demo server's: point both at other recommender artifacts if you need to.
const ARTIFACTS_DIR = process.env.RECOMMENDER_ARTIFACTS_DIR || undefined;

/**
 * Fails fast, with the fix, when something this test needs is missing. It never skips:
 * a green run must mean the page worked.
 */
function assertPrerequisites(): void {
  for (const dir of [APP_DIRS.footfall, APP_DIRS.recommender]) {
    const appDir = join(REPO_ROOT, dir);
    const { command, args } = startCommandOf(appDir);
    const entry = command === process.execPath ? args.find((arg) => !arg.startsWith('-')) : undefined;
    if (entry && !existsSync(join(appDir, entry))) throw new Error(`${dir} is not built (${entry} is missing): run npm run build first.`);
  }
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (see .ci/run); never npx playwright install.`);
}

describe('demo page, end to end in Chromium', () => {
  let dataDir: string;
  let footfall: RunningService;
  let recommender: RunningService;
  let demo: Server;
  let demoUrl: string;
  let browser: Browser;
  let page: Page;
  let footfallSamples: FootfallSamples;
  let recommenderSamples: RecommenderSamples;
  const serviceOutput: string[] = [];
  /** Every request the page made: method, URL, headers and body. */
  const pageRequests: string[] = [];

  beforeAll(async () => {
    assertPrerequisites();
    dataDir = await mkdtemp(join(tmpdir(), 'demo-e2e-'));
    const collect = (name: string, line: string): void => {
      serviceOutput.push(`[${name}] ${line}`);
    };
    // The two services start one after the other, as npm start does.
    footfall = await startService(footfallSpec({ port: await getFreePort() }), { onLine: collect });
    recommender = await startService(
      recommenderSpec({ port: await getFreePort(), dataDir: join(dataDir, 'recommender'), adminToken: ADMIN_TOKEN, artifactsDir: ARTIFACTS_DIR }),
      { onLine: collect },
    );

    footfallSamples = loadFootfallSamples();
    const catalog = loadRecommenderSamples(ARTIFACTS_DIR);
    recommenderSamples = catalog.samples;
    const app = createServer({
      footfallUrl: footfall.spec.url,
      recommenderUrl: recommender.spec.url,
      footfallSamples,
      recommenderSamples,
      vectorOf: catalog.vectorOf,
      becauseOf: catalog.becauseOf,
      adminToken: ADMIN_TOKEN,
      summaryPath: join(dataDir, 'summary.json'),
      resultsDir: join(dataDir, 'results'),
      staticDirs: [join(PACKAGE_DIR, 'public'), join(PACKAGE_DIR, 'dist', 'public')],
      logger: createLogger({ level: 'silent' }),
    });
    demo = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => demo.once('listening', resolve));
    demoUrl = `http://127.0.0.1:${(demo.address() as AddressInfo).port}`;

    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    // Below the test timeout, so a stuck step fails with Playwright's message naming the selector.
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (err) => serviceOutput.push(`[page] ${err.message}`));
    page.on('request', (req) => pageRequests.push(`${req.method()} ${req.url()} ${JSON.stringify(req.headers())} ${req.postData() ?? ''}`));
    await page.goto(demoUrl);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    demo?.closeAllConnections();
    await new Promise<void>((resolve) => (demo ? demo.close(() => resolve()) : resolve()));
    await recommender?.stop();
    await footfall?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('opens on the typical sample day, and names the model’s worst miss in the day list', async () => {
    // Assert: the page's first choice is the one the server picked by its rule.
    expect(await page.inputValue('#footfall-store')).toBe(footfallSamples.defaultDay.storeId);
    expect(await page.inputValue('#footfall-day')).toBe(footfallSamples.defaultDay.date);
    const worst = footfallSamples.days.find((d) => d.storeId === footfallSamples.worstMissDay.storeId && d.date === footfallSamples.worstMissDay.date)!;

    // Act: pick the worst miss, as a presenter would for "where the model is wrong".
    await page.selectOption('#footfall-store', worst.storeId);
    const label = await page.textContent(`#footfall-day option[value="${worst.date}"]`);
    await page.selectOption('#footfall-day', worst.date);
    await page.click('#footfall-predict');
    await page.waitForSelector('[data-prediction]');

    // Assert
    expect(label).toContain(`→ ${worst.targetHoliday ?? ''}`);
    expect(label).toContain('(the model’s worst miss)');
    if (worst.targetHoliday) expect(await page.textContent('#footfall-holiday-note')).toContain(worst.targetHoliday);
  });

  it('shows the footfall prediction the service gives for the chosen store and day', async () => {
    // Arrange: the last store and its first day, picked the way a user picks them.
    const day = footfallSamples.days.filter((d) => d.storeId === footfallSamples.days.at(-1)!.storeId)[0]!;
    await page.selectOption('#footfall-store', day.storeId);
    await page.selectOption('#footfall-day', day.date);

    // Act: Enter on the focused button, as a keyboard user would.
    await page.focus('#footfall-predict');
    await page.keyboard.press('Enter');
    const shown = await page.waitForSelector('[data-prediction]');

    // Assert: same number as asking the footfall server directly for the same features.
    const direct = await fetch(`${footfall.spec.url}/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ features: day.features }),
    });
    const expected = ((await direct.json()) as { predictions: { customersTomorrow: number }[] }).predictions[0]!.customersTomorrow;
    expect(Number(await shown.getAttribute('data-prediction'))).toBe(expected);
    expect(Number(await shown.getAttribute('data-actual'))).toBe(day.actualCustomersTomorrow);
    expect(await page.locator('#footfall-predict:focus').count(), 'focus stays on the button while and after it works').toBe(1);
    expect(await page.textContent('#footfall-predicted')).toBe(Math.round(expected).toLocaleString('en-GB'));
    // Every one of the 100 features is listed, grouped.
    expect(await page.locator('#footfall-features tbody tr').count()).toBe(footfallSamples.features.length);
    expect(await page.locator('#footfall-features details').count()).toBe(new Set(footfallSamples.features.map((f) => f.group)).size);
  });

  it('lists recommendations for a sample user, none of them already in the activity', async () => {
    // Arrange
    const user = recommenderSamples.users[0]!;
    await page.selectOption('#sample-user', user.id);

    // Act
    await page.click('#sample-user-use');
    await page.waitForSelector('#recommendations-table tbody tr');

    // Assert
    const shownIds = await movieIdsShown(page);
    expect(shownIds).toHaveLength(10);
    const seen = new Set(user.activity.map((item) => item.movieId));
    expect(shownIds.some((id) => seen.has(id))).toBe(false);
    // The page shows what the service answers for this activity, in its order.
    const direct = await fetch(`${recommender.spec.url}/recommendations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ recentActivity: oldestFirst(user.activity), k: 10 }),
    });
    const expected = ((await direct.json()) as { recommendations: { movieId: number }[] }).recommendations.map((r) => r.movieId);
    expect(shownIds).toEqual(expected);
  });

  it('gives two sample users different lists, each recommendation explained by a movie they liked', async () => {
    // Arrange
    const [first, second] = recommenderSamples.users;
    const because = page.locator('#recommendations-table td.because');
    const becauseIds = async (): Promise<number[]> => {
      const ids: number[] = [];
      for (let i = 0; i < (await because.count()); i += 1) ids.push(Number((await because.nth(i).getAttribute('data-because-id')) ?? Number.NaN));
      return ids;
    };
    const listFor = async (user: typeof first): Promise<number[]> => {
      const activityIds = new Set(user!.activity.map((item) => item.movieId));
      await page.selectOption('#sample-user', user!.id);
      await page.click('#sample-user-use');
      // Wait until this user's list is shown and every row has its "because".
      await expect
        .poll(async () => {
          const ids = await becauseIds();
          return ids.length === 10 && ids.every((id) => activityIds.has(id));
        })
        .toBe(true);
      return movieIdsShown(page);
    };

    // Act
    const firstList = await listFor(first);
    const firstBecause = await becauseIds();
    const secondList = await listFor(second);

    // Assert: the lists differ (at most 2 movies in common), and every "because" is a movie of the user's own activity.
    const shared = firstList.filter((id) => secondList.includes(id));
    expect(shared.length, `${first!.name} and ${second!.name} share ${shared.length} of 10`).toBeLessThanOrEqual(2);
    const activityIds = new Set(first!.activity.map((item) => item.movieId));
    expect(firstBecause).toHaveLength(10);
    expect(firstBecause.every((id) => activityIds.has(id))).toBe(true);
  });

  it('adds a movie to the activity with the keyboard alone', async () => {
    // Arrange: a title from the catalog, searched by a word of it.
    const target = recommenderSamples.users[1]!.activity[0]!;
    const word = target.title.split(/\s+/).find((w) => /^[A-Za-z]{4,}$/.test(w)) ?? target.title;
    await page.click('#activity-clear');

    // Act: type, Enter submits the search; Tab past the rating and Search to the first result's button; Enter.
    await page.focus('#movie-search');
    await page.keyboard.type(word);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#movie-search-results button');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    const focusedLabel = await page.locator(':focus').getAttribute('aria-label');
    const focusVisible = await page.locator('#movie-search-results button:focus-visible').count();
    await page.keyboard.press('Enter');

    // Assert
    expect(focusedLabel).toMatch(/^Add .* rated 4\.5$/);
    expect(focusVisible, 'the keyboard-focused button shows a focus ring').toBe(1);
    const activity = await page.locator('#activity-list li').allTextContents();
    expect(activity).toHaveLength(1);
    expect(activity[0]!.toLowerCase()).toContain(word.toLowerCase());
  });

  it('adds movies as admin: a cold-start one reported at the rank the service gives it, a borrowed one highlighted in the top results', async () => {
    // Arrange: a sample user and their recommendations; the admin form, token prefilled.
    const user = recommenderSamples.users[0]!;
    await page.selectOption('#sample-user', user.id);
    await page.click('#sample-user-use');
    await page.waitForSelector('#recommendations-table tbody tr');
    await page.click('#admin summary');
    expect(await page.locator('#admin input[name="token"]').count(), 'the page asks for no token').toBe(0);
    const year = Math.max(...user.activity.map((item) => item.year ?? 2000));
    await page.fill('#new-movie-title', 'Demo Day: The Sequel');
    await page.fill('#new-movie-year', String(year));
    for (const genre of user.genres) await page.getByRole('checkbox', { name: genre, exact: true }).check();

    // Act 1: a movie nobody has rated, embedding derived from its genres and year.
    await page.selectOption('#new-movie-embedding', 'derived');
    await page.click('#add-movie-submit');
    const derivedStatus = await page.waitForSelector('#add-movie-status [data-movie-id]');
    const derivedId = Number(await derivedStatus.getAttribute('data-movie-id'));

    // Assert 1: the service has it, and the page reports the rank the service gives it (0 = not in the top 100).
    expect((await fetch(`${recommender.spec.url}/movies/${derivedId}`)).status).toBe(200);
    const derivedRank = await serviceRank(recommender.spec.url, user.activity, derivedId);
    expect(await derivedStatus.getAttribute('data-rank')).toBe(String(derivedRank));
    const derivedRow = page.locator(`#recommendations-table tr.is-new[data-movie-id="${derivedId}"]`);
    expect(await derivedRow.count()).toBe(derivedRank > 0 ? 1 : 0);

    // Act 2: the same kind of movie, its embedding borrowed from the current #1 recommendation.
    const top = await page.locator('#recommendations-table tbody tr[data-movie-id]').first().getAttribute('data-movie-id');
    expect(top).not.toBeNull();
    await page.selectOption('#new-movie-embedding', String(top));
    await page.fill('#new-movie-title', 'Demo Day: Director’s Cut');
    await page.click('#add-movie-submit');
    const borrowedStatus = await page.waitForSelector(`#add-movie-status [data-movie-id]:not([data-movie-id="${derivedId}"])`);
    const borrowedId = Number(await borrowedStatus.getAttribute('data-movie-id'));

    // Assert 2: it ties with the movie it borrowed from, so it shows, highlighted, in the top 10.
    const borrowedRank = await serviceRank(recommender.spec.url, user.activity, borrowedId);
    expect(borrowedRank).toBeGreaterThanOrEqual(1);
    expect(borrowedRank).toBeLessThanOrEqual(2);
    const highlighted = page.locator(`#recommendations-table tr.is-new[data-movie-id="${borrowedId}"]`);
    expect(await highlighted.getAttribute('data-rank'), `${await borrowedStatus.textContent()}\n${serviceOutput.slice(-10).join('\n')}`).toBe(
      String(borrowedRank),
    );
    expect(await highlighted.textContent()).toContain('Demo Day: Director’s Cut');
    expect(await highlighted.textContent()).toContain('New');

    // Assert 3: the admin token never reached the browser, in the page or in any request it made.
    expect(await page.content()).not.toContain(ADMIN_TOKEN);
    expect(pageRequests.some((line) => line.includes('POST') && line.includes('/api/recommender/movies'))).toBe(true);
    expect(pageRequests.filter((line) => line.includes(ADMIN_TOKEN))).toEqual([]);
  });

  it('measures latency for both services with a burst of requests, and shows a readable page', async () => {
    // Act
    await page.click('#latency-burst');
    await page.waitForSelector('#latency .note', { timeout: 60_000 });
    await page.waitForSelector('#latency-burst:not([aria-disabled="true"])');

    // Assert
    for (const service of ['footfall', 'recommender']) {
      const cells = await page.locator(`#latency-table tr[data-service="${service}"] td`).allTextContents();
      expect(Number(cells[0])).toBeGreaterThanOrEqual(50);
      expect(cells[1]).toMatch(/^[\d.,]+ ms$/);
      expect(cells[2]).toMatch(/^[\d.,]+ ms$/);
    }
    const screenshot = join(tmpdir(), 'demo-dashboard-e2e.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    console.log(`screenshot: ${screenshot}`);
  });

  it('prices both homes live as the cost sliders move, and shows what npm run cost prints for the same inputs', async () => {
    // Arrange: the three sliders, moved with the keyboard.
    const lambdaUsd = async (): Promise<number> => Number(await page.getAttribute('#cost-table tr[data-home="footfall-lambda"]', 'data-usd'));
    await page.focus('#cost-requests');
    await page.keyboard.press('Home');
    for (let i = 0; i < 10; i += 1) await page.keyboard.press('ArrowRight');
    await page.focus('#cost-memory');
    for (let i = 0; i < 4; i += 1) await page.keyboard.press('ArrowRight');
    const withoutProvisioned = await lambdaUsd();
    const breakEvenBefore = await page.getAttribute('#cost-break-even', 'data-with-provisioned-requests-per-day');

    // Act: two provisioned environments.
    await page.focus('#cost-provisioned');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');

    // Assert: the page updated live, then matches the CLI run with the inputs it shows.
    expect(await lambdaUsd(), 'provisioned concurrency adds a fixed charge').toBeGreaterThan(withoutProvisioned);
    expect(await page.getAttribute('#cost-break-even', 'data-with-provisioned-requests-per-day')).toBe(breakEvenBefore);
    const requestsPerDay = Number(await page.getAttribute('#cost-requests-value', 'data-requests-per-day'));
    const memory = Number(await page.inputValue('#cost-memory'));
    const provisioned = Number(await page.inputValue('#cost-provisioned'));
    expect({ requestsPerDay, memory, provisioned }).toEqual({ requestsPerDay: 2_000_000, memory: 768, provisioned: 2 });
    const stdout = execFileSync(
      process.execPath,
      ['--import', 'tsx', join(REPO_ROOT, 'packages/cost-model/src/cli/cost.ts'), '--requests-per-day', String(requestsPerDay), '--memory', String(memory), '--provisioned', String(provisioned), '--json'],
      { cwd: REPO_ROOT, encoding: 'utf8' },
    );
    const cli = JSON.parse(stdout) as Comparison;
    const recommender = cli.recommender.find((r) => r.movies === 100_000 && r.mode === 'snapshot')!;
    const expected: Record<string, number> = {
      'footfall-lambda': cli.footfall.lambda.totalUsd,
      'footfall-fargate': cli.footfall.fargate.totalUsd,
      'recommender-lambda': recommender.lambda.totalUsd,
      'recommender-fargate': recommender.fargate.totalUsd,
    };
    for (const [home, usd] of Object.entries(expected)) {
      const shown = Number(await page.getAttribute(`#cost-table tr[data-home="${home}"]`, 'data-usd'));
      expect(Math.abs(shown / usd - 1), `${home}: page ${shown}, CLI ${usd}`).toBeLessThan(1e-12);
    }
    const shownBreakEven = Number(await page.getAttribute('#cost-break-even', 'data-requests-per-day'));
    expect(Math.abs(shownBreakEven / cli.footfall.breakEven.withoutProvisioned.requestsPerDay! - 1)).toBeLessThan(1e-12);
    expect(await page.textContent('#cost-table caption')).toContain('2,000,000 requests/day');
  });
});

describe('the cost model\'s copy of the recommender stack', () => {
  it('sizes each catalog\'s task as the stack\'s own sizing code does', () => {
    // packages/cost-model may not import an app, so it records these sizes; this keeps them honest.
    for (const { movies, task } of RECOMMENDER_TASK_SIZES) {
      const sized = sizeTaskForCatalog(movies, RECOMMENDER_SERVICE.dimensions);
      expect({ movies, cpu: task.cpu, memoryMiB: task.memoryMiB }).toEqual({ movies, cpu: sized.cpu, memoryMiB: sized.memoryLimitMiB });
    }
  });
});

/** Movie ids of the recommendation rows, top to bottom. */
async function movieIdsShown(page: Page): Promise<number[]> {
  const rows = page.locator('#recommendations-table tbody tr[data-movie-id]');
  const ids: number[] = [];
  for (let i = 0; i < (await rows.count()); i += 1) ids.push(Number(await rows.nth(i).getAttribute('data-movie-id')));
  return ids;
}

/**
 * The page lists activity newest first and timestamps it that way; without timestamps
 * the service reads a list oldest first. Reversed, the same activity means the same thing.
 */
function oldestFirst(activity: readonly { movieId: number; rating: number }[]): { movieId: number; rating: number }[] {
  return activity.map(({ movieId, rating }) => ({ movieId, rating })).reverse();
}

/** Rank (1-based) of a movie in the service's top 100 for an activity, 0 when absent. */
async function serviceRank(recommenderUrl: string, activity: readonly { movieId: number; rating: number }[], movieId: number): Promise<number> {
  const response = await fetch(`${recommenderUrl}/recommendations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ recentActivity: oldestFirst(activity), k: 100 }),
  });
  const { recommendations } = (await response.json()) as { recommendations: { movieId: number }[] };
  return recommendations.findIndex((r) => r.movieId === movieId) + 1;
}
