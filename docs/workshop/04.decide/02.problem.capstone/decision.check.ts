/**
 * Checks for step 04.02 (capstone): decision.json follows the schema, records what
 * fitcheck really said about the supplied bundle, picks a home the bundle fits, and
 * gives a reason, under the right limit, for every failure and warning fitcheck raised.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_DIR } from '@serverless-ai/workshop/kit';
import { type Decision, decisionSchema } from './decision-schema.js';
import { makeCapstoneBundle } from './make-bundle.js';

type Route = 'zip-s3' | 'container-image';
interface Finding { code: string; routeLevel: 'fail' | 'warn' | 'info' }
interface Report { criteria: Record<'dependencies' | 'internalState' | 'coldStarts', { findings: Finding[] }> }
interface Judgement { exitCode: number; report: Report }

const LIMIT_OF_CRITERION = { dependencies: 'dependencies', internalState: 'internal-state', coldStarts: 'cold-starts' } as const;
const FITCHECK = join(REPO_DIR, 'packages/fitcheck/dist/cli.js');

let root: string;
let parsed: ReturnType<typeof decisionSchema.safeParse>;
let decision: Decision;
const judged = {} as Record<Route, Judgement>;

async function fitcheck(dir: string, route: Route, architecture: string): Promise<Judgement> {
  const args = [FITCHECK, dir, '--json', '--static', '--route', route, '--arch', architecture];
  try {
    const { stdout } = await promisify(execFile)(process.execPath, args, { maxBuffer: 16 * 2 ** 20 });
    return { exitCode: 0, report: JSON.parse(stdout) as Report };
  } catch (err) {
    const failed = err as { code?: number; stdout?: string };
    if (failed.code !== 1 || !failed.stdout) throw err;
    return { exitCode: 1, report: JSON.parse(failed.stdout) as Report };
  }
}

beforeAll(async () => {
  parsed = decisionSchema.safeParse(JSON.parse(await readFile(new URL('./decision.json', import.meta.url), 'utf8')));
  decision = parsed.success ? parsed.data : { home: 'lambda-zip', architecture: 'x86_64', fitcheckExitCodes: { 'zip-s3': -1, 'container-image': -1 }, reasons: [] };
  root = await mkdtemp(join(tmpdir(), 'capstone-check-'));
  const dir = await makeCapstoneBundle(root);
  const [zip, image] = await Promise.all([fitcheck(dir, 'zip-s3', decision.architecture), fitcheck(dir, 'container-image', decision.architecture)]);
  judged['zip-s3'] = zip;
  judged['container-image'] = image;
}, 120_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Every failure and warning fitcheck raised on a route, with the limit it belongs to. */
function findingsThatMatter(route: Route): { code: string; limit: string }[] {
  return Object.entries(judged[route].report.criteria).flatMap(([criterion, { findings }]) =>
    findings.filter((f) => f.routeLevel !== 'info').map((f) => ({ code: f.code, limit: LIMIT_OF_CRITERION[criterion as keyof typeof LIMIT_OF_CRITERION] })),
  );
}

describe('the capstone decision', () => {
  it('follows the decision schema', () => {
    const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`);
    expect(problems, 'decision.json does not follow decision-schema.ts; fix these fields').toEqual([]);
  });

  it('records the exit codes fitcheck really gives on each route, at the chosen architecture', () => {
    const actual = { 'zip-s3': judged['zip-s3'].exitCode, 'container-image': judged['container-image'].exitCode };
    expect(
      decision.fitcheckExitCodes,
      `Run \`npm run fitcheck -- <bundle> --static --arch ${decision.architecture} --route zip-s3\` (and --route container-image), then \`echo $?\`: record what fitcheck exits with, not what you expect.`,
    ).toEqual(actual);
  });

  it('picks a home the bundle fits', () => {
    const route: Route | null = decision.home === 'lambda-zip' ? 'zip-s3' : decision.home === 'lambda-container-image' ? 'container-image' : null;
    if (route) {
      expect(judged[route].exitCode, `fitcheck says the bundle does not fit a ${decision.home} function at ${decision.architecture}; pick another home or architecture.`).toBe(0);
    } else {
      const cited = findingsThatMatter('zip-s3').filter((f) => decision.reasons.some((r) => r.finding === f.code));
      expect(cited.length, `Leaving Lambda (${decision.home}) needs evidence: cite the fitcheck findings that rule it out.`).toBeGreaterThan(0);
    }
  });

  it('gives a reason for every failure and warning fitcheck raised on the zip route, under the right limit', () => {
    const missing = findingsThatMatter('zip-s3')
      .filter((f) => !decision.reasons.some((r) => r.finding === f.code && r.limit === f.limit))
      .map((f) => `${f.code} (limit: ${f.limit})`);
    expect(missing, 'These findings in fitcheck\'s zip-s3 report (add --json, see "criteria") have no reason in decision.json, or sit under the wrong limit').toEqual([]);
  });

  it('cites only findings fitcheck reported', () => {
    const reported = new Set((['zip-s3', 'container-image'] as const).flatMap((route) => Object.values(judged[route].report.criteria).flatMap((c) => c.findings.map((f) => f.code))));
    const invented = decision.reasons.map((r) => r.finding).filter((code) => !reported.has(code));
    expect(invented, 'These finding codes are not in fitcheck\'s reports for this bundle; copy codes from the --json output').toEqual([]);
  });
});
