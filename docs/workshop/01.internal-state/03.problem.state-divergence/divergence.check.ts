/**
 * Checks for step 01.03: the learner's two experiments, run against the real things.
 *
 * - Lambda: two execution environments of the recommender function, each a Node process
 *   (environment.ts) that ran handler.ts's init phase and holds its own catalog in memory.
 * - Containers: two replicas of the real recommender container (`node dist/index.js` of
 *   apps/recommender-container) sharing one catalog through a real redis-server's stream,
 *   started on a free loopback port and stopped by PID.
 *
 * Every request the experiments send is recorded, so the checks can tell what was asked of
 * which copy. Afterwards the checks ask both copies themselves and compare: with what the
 * experiment reported, and with the learner's predictions. Nothing is timed: the replicas get
 * a generous deadline to converge, and what is checked is whether they did.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HttpResult, toHttpRequest } from '@serverless-ai/lambda-kit';
import { httpApiV2Event } from '@serverless-ai/lambda-kit/testing';
import type { Movie } from '@serverless-ai/movie-recommender';
import {
  BUILD_RECOMMENDER_CONTAINER_COMMAND,
  RECOMMENDER_CONTAINER_ENTRY,
  REDIS_SERVER_BIN,
  type RedisServer,
  type ServerProcess,
  startRedisServer,
  startServerProcess,
  writeSmallRecommenderArtifacts,
} from '@serverless-ai/workshop/kit';
import type { EnvironmentMessage } from './environment.js';
import { CONVERGENCE_DEADLINE_MS, lambdaExperiment, type LambdaEnvironment, type Observation, predictions, type Replica, replicaExperiment } from './experiment.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ADMIN_TOKEN = 'workshop-divergence-token-0123';
/** The movie each experiment adds: new to the catalog (the generated catalog's ids are far below). */
const MOVIE: Movie = { movieId: 900_001, title: 'The Workshop Premiere', year: 2026, genres: ['Drama'] };
const MOVIE_PATH = `/movies/${MOVIE.movieId}`;

/** One request an experiment sent to one copy, and the status it got. */
interface Recorded {
  method: string;
  path: string;
  status: number;
}

let workDir: string;
/** Requests are recorded while the learner's experiments run; the checks' own look-ups afterwards are not. */
let recording = true;
const environmentProcesses: ChildProcess[] = [];
const replicaProcesses: ServerProcess[] = [];
let redis: RedisServer | undefined;

// The Lambda side.
const lambdaLog = new Map<string, Recorded[]>([['A', []], ['B', []]]);
let environments: { a: LambdaEnvironment; b: LambdaEnvironment } | undefined;
let lambdaSetupError: string | undefined;
let lambdaRun: { observation?: Observation; error?: string } = {};

// The container side.
const replicaLog = new Map<string, Recorded[]>([['A', []], ['B', []]]);
let replicas: { a: Replica; b: Replica } | undefined;
let replicaSetupError: string | undefined;
let replicaRun: { observation?: Observation; error?: string } = {};

/** Starts one Lambda execution environment: environment.ts in a new Node process, importing handler.ts. */
async function startEnvironment(name: string, artifactsDir: string): Promise<LambdaEnvironment> {
  const child = fork(join(HERE, 'environment.ts'), [join(HERE, 'handler.ts')], {
    cwd: HERE, // so `--import tsx` resolves from the repo's node_modules
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ARTIFACTS_DIR: artifactsDir, POWERTOOLS_LOG_LEVEL: 'WARN' },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  environmentProcesses.push(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const pending = new Map<number, { resolve: (result: HttpResult) => void; reject: (error: Error) => void }>();
  let ready: () => void = () => undefined;
  const started = new Promise<void>((resolve, reject) => {
    ready = resolve;
    child.once('exit', (code, signal) => {
      const error = new Error(`Lambda environment ${name} exited (${signal ?? code}):\n${stderr}`);
      reject(error);
      for (const waiter of pending.values()) waiter.reject(error);
    });
  });
  child.on('message', (message: EnvironmentMessage) => {
    if ('ready' in message) return ready();
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if ('error' in message) waiter?.reject(new Error(`The handler in environment ${name} threw: ${message.error}`));
    else waiter?.resolve(message.response as HttpResult);
  });
  await started;
  let nextId = 0;
  return {
    name,
    async invoke(event) {
      const id = ++nextId;
      const result = await new Promise<HttpResult>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        child.send({ id, event });
      });
      const { method, path } = toHttpRequest(event);
      if (recording) lambdaLog.get(name)!.push({ method, path, status: result.statusCode });
      return result;
    },
  };
}

/** Starts one replica of the built container on the shared stream, and wraps it so its requests are recorded. */
async function startReplica(name: string, artifactsDir: string, stream: RedisServer): Promise<Replica> {
  const server = await startServerProcess({
    dataDir: join(workDir, `replica-${name}`),
    artifactsDir,
    adminToken: ADMIN_TOKEN,
    replicaId: `replica-${name.toLowerCase()}`,
    env: { CATALOG_STREAM_URL: stream.url },
  });
  replicaProcesses.push(server);
  await server.waitReady(30_000);
  return {
    name,
    async request(method, path, body) {
      const res = await fetch(`${server.url}${path}`, {
        method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
      const text = await res.text();
      if (recording) replicaLog.get(name)!.push({ method, path, status: res.status });
      return { status: res.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
    },
  };
}

async function setUpLambda(artifactsDir: string): Promise<void> {
  try {
    const [a, b] = await Promise.all([startEnvironment('A', artifactsDir), startEnvironment('B', artifactsDir)]);
    environments = { a, b };
  } catch (err) {
    lambdaSetupError = String((err as Error).message);
  }
}

async function setUpReplicas(artifactsDir: string): Promise<void> {
  if (!existsSync(REDIS_SERVER_BIN)) {
    replicaSetupError = `redis-server is not installed (looked for ${REDIS_SERVER_BIN}). The replicas share their catalog through a real Redis stream. Install it (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis, then REDIS_SERVER_BIN=$(which redis-server)), or pair with someone who has it.`;
    return;
  }
  if (!existsSync(RECOMMENDER_CONTAINER_ENTRY)) {
    replicaSetupError = `The recommender container is not built (${RECOMMENDER_CONTAINER_ENTRY} is missing). Build it once: ${BUILD_RECOMMENDER_CONTAINER_COMMAND}`;
    return;
  }
  try {
    redis = await startRedisServer();
    const [a, b] = await Promise.all([startReplica('A', artifactsDir, redis), startReplica('B', artifactsDir, redis)]);
    replicas = { a, b };
  } catch (err) {
    replicaSetupError = `The replicas did not start: ${String((err as Error).message)}`;
  }
}

async function attempt(run: () => Promise<Observation>): Promise<{ observation?: Observation; error?: string }> {
  try {
    return { observation: await run() };
  } catch (err) {
    return { error: String((err as Error).stack ?? err) };
  }
}

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'workshop-divergence-'));
  const artifactsDir = join(workDir, 'artifacts');
  // Small real artifacts (300 generated movies), the same for both homes.
  writeSmallRecommenderArtifacts(artifactsDir);
  await Promise.all([setUpLambda(artifactsDir), setUpReplicas(artifactsDir)]);
  if (environments) lambdaRun = await attempt(() => lambdaExperiment(environments!.a, environments!.b, MOVIE));
  if (replicas) replicaRun = await attempt(() => replicaExperiment(replicas!.a, replicas!.b, MOVIE));
  recording = false;
}, 120_000);

afterAll(async () => {
  for (const child of environmentProcesses) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const server of replicaProcesses) await server.stop('SIGKILL');
  // A replica whose start timed out never reached replicaProcesses: find it among this process's own children.
  for (const pid of ownChildrenRunning(RECOMMENDER_CONTAINER_ENTRY)) process.kill(pid, 'SIGKILL');
  await redis?.dispose();
  rmSync(workDir, { recursive: true, force: true });
});

/** PIDs of this process's children whose command line mentions `script` (Linux's /proc; elsewhere none). */
function ownChildrenRunning(script: string): number[] {
  if (!existsSync('/proc/self/stat')) return [];
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const parentPid = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[1];
        return parentPid === String(process.pid) && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(script);
      } catch {
        return false; // exited meanwhile
      }
    })
    .map(Number);
}

const describeRequests = (log: Recorded[]) => (log.length === 0 ? 'nothing' : log.map((r) => `${r.method} ${r.path} → ${r.status}`).join(', '));

/** Asserts the experiment sent an add to A, then looked for the movie on A and on B. */
function expectAddThenLookups(log: Map<string, Recorded[]>, kind: string, how: string): void {
  const onA = log.get('A')!;
  const onB = log.get('B')!;
  const addIndex = onA.findIndex((r) => r.method === 'POST' && r.path === '/movies');
  expect(addIndex, `Your ${kind} experiment sent ${describeRequests(onA)} to A. Add the movie through A first: ${how} with the movie as the body.`).toBeGreaterThanOrEqual(0);
  expect(onA[addIndex]!.status, `A answered the add with ${onA[addIndex]!.status}; send the movie you were given, unchanged, as the JSON body.`).toBe(201);
  expect(
    onA.slice(addIndex + 1).some((r) => r.method === 'GET' && r.path === MOVIE_PATH),
    `After the add, ask A for the movie too (GET ${MOVIE_PATH}): it is the control that shows the add worked where it was made. A got: ${describeRequests(onA)}.`,
  ).toBe(true);
  expect(onB.some((r) => r.method === 'POST'), `The movie must be added through A only; B got ${describeRequests(onB)}.`).toBe(false);
  expect(onB.some((r) => r.method === 'GET' && r.path === MOVIE_PATH), `Ask B for the movie (GET ${MOVIE_PATH}): that is the question of the experiment. B got: ${describeRequests(onB)}.`).toBe(true);
}

describe('two Lambda execution environments of the recommender', () => {
  it('run your experiment: an add through environment A, then a look in A and in B', () => {
    expect(lambdaSetupError, `The two Lambda environments did not start: ${lambdaSetupError}`).toBeUndefined();
    expect(lambdaRun.error, `lambdaExperiment threw: ${lambdaRun.error}`).toBeUndefined();
    expectAddThenLookups(lambdaLog, 'Lambda', "a.invoke(httpApiV2Event({ method: 'POST', path: '/movies', body: movie }))");
  });

  it('disagree after the add: A has the movie, B answers 404, and your experiment reports exactly that', async () => {
    expect(lambdaSetupError, `The two Lambda environments did not start: ${lambdaSetupError}`).toBeUndefined();
    const lookUp = async (environment: LambdaEnvironment) => (await environment.invoke(httpApiV2Event({ method: 'GET', path: MOVIE_PATH }))).statusCode === 200;
    const truth: Observation = { seenByWriter: await lookUp(environments!.a), seenByOther: await lookUp(environments!.b) };
    expect(truth.seenByWriter, `Environment A does not have the movie: did your experiment add it through A (POST /movies, 201)? A got: ${describeRequests(lambdaLog.get('A')!)}.`).toBe(true);
    expect(truth.seenByOther, 'Environment B has a movie that was only ever added through A: the two environments are meant to be separate processes. Keep environment.ts and handler.ts as they are.').toBe(false);
    expect(
      lambdaRun.observation,
      'Report what the environments answered (the status of GET /movies/<id> on each, 200 = seen), not what you expected: seenByWriter from A, seenByOther from B.',
    ).toEqual(truth);
  });

  it('match your prediction: environments of one function do not share a catalog', () => {
    expect(
      predictions.lambdaEnvironmentsAgree,
      'You predicted that the two Lambda environments agree after the add. They do not: each ran the init phase on its own and holds its own catalog in its own memory, and an add changes only the environment that handled it. Nothing tells the others, and a new environment starts from the artifacts again. Set lambdaEnvironmentsAgree to false.',
    ).toBe(false);
  });
});

describe('two replicas of the recommender container on one catalog stream', () => {
  it('run your experiment: an add through replica A, then a look in A and in B', () => {
    expect(replicaSetupError, replicaSetupError).toBeUndefined();
    expect(replicaRun.error, `replicaExperiment threw: ${replicaRun.error}`).toBeUndefined();
    expectAddThenLookups(replicaLog, 'container', "a.request('POST', '/movies', movie)");
  });

  it(`converge after the add: B has the movie within ${CONVERGENCE_DEADLINE_MS / 1000} s, and your experiment reports it`, async () => {
    expect(replicaSetupError, replicaSetupError).toBeUndefined();
    const lookUp = async (replica: Replica) => (await replica.request('GET', MOVIE_PATH)).status === 200;
    const seenByWriter = await lookUp(replicas!.a);
    expect(seenByWriter, `Replica A does not have the movie: did your experiment add it through A (POST /movies, 201)? A got: ${describeRequests(replicaLog.get('A')!)}.`).toBe(true);
    // A convergence wait, not a timing: ask B until it has the movie or the deadline passes.
    const deadline = Date.now() + CONVERGENCE_DEADLINE_MS;
    let seenByOther = await lookUp(replicas!.b);
    while (!seenByOther && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      seenByOther = await lookUp(replicas!.b);
    }
    expect(seenByOther, `Replica B still lacks the movie ${CONVERGENCE_DEADLINE_MS / 1000} s after it was added through A: the replicas should share it through the Redis stream. Check that redis-server is running normally on this machine.`).toBe(true);
    expect(
      replicaRun.observation,
      replicaRun.observation?.seenByOther === false
        ? `Your experiment reported that B does not have the movie, but B has it now. B learns of an add from the catalog stream a moment after A acknowledged it: ask B more than once, until it has the movie or CONVERGENCE_DEADLINE_MS passes (askUntilSeen), instead of once right away.`
        : 'Report what the replicas answered (the status of GET /movies/<id> on each, 200 = seen), not what you expected.',
    ).toEqual({ seenByWriter, seenByOther });
  });

  it('match your prediction: replicas that share a log converge', () => {
    expect(
      predictions.replicasAgree,
      'You predicted that the two replicas disagree after the add. They converge: replica A appends the add to the shared Redis stream and answers 201 once Redis has it, and every replica (A too) tails the stream and applies each record in the stream\'s order. Set replicasAgree to true.',
    ).toBe(true);
  });
});
