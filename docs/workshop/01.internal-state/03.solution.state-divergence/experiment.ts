/**
 * Your experiment for step 01.03: add one movie through one copy of the recommender, then
 * ask another copy for it. Once on Lambda (two execution environments of the same function)
 * and once in containers (two replicas of the service sharing a Redis stream).
 *
 * The checks start the real things and hand them to your two functions: two Lambda
 * environments (two Node processes, each with its own catalog in memory, see environment.ts
 * and handler.ts) and two replicas of apps/recommender-container on one redis-server. They
 * record every request your functions send, and then ask the copies themselves.
 *
 * Write your predictions first, then the two experiments.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { ApiGatewayProxyEvent, HttpResult } from '@serverless-ai/lambda-kit';
import { httpApiV2Event } from '@serverless-ai/lambda-kit/testing';
import type { Movie } from '@serverless-ai/movie-recommender';

/** One Lambda execution environment of the recommender function: it handles one API Gateway event at a time. */
export interface LambdaEnvironment {
  readonly name: string;
  /** Sends one API Gateway event to this environment (build it with `httpApiV2Event`) and resolves with the handler's answer. */
  invoke(event: ApiGatewayProxyEvent): Promise<HttpResult>;
}

/** One replica of the recommender container, over real HTTP (the admin token is added for you). */
export interface Replica {
  readonly name: string;
  /** `GET /movies/<id>`, `POST /movies` with a JSON body, …; resolves with the status and the parsed JSON body. */
  request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
}

/** What an experiment saw. */
export interface Observation {
  /** The copy that took the add answers GET /movies/<id> with 200. */
  seenByWriter: boolean;
  /** The other copy answers GET /movies/<id> with 200 (within the deadline). */
  seenByOther: boolean;
}

/** How long the other copy gets to learn about the add. Generous: convergence is not a race. */
export const CONVERGENCE_DEADLINE_MS = 10_000;

/**
 * Asks `isSeen` again and again, a few milliseconds apart, until it says true or `deadlineMs`
 * has passed. Resolves with its last answer.
 */
export async function askUntilSeen(isSeen: () => Promise<boolean>, deadlineMs = CONVERGENCE_DEADLINE_MS): Promise<boolean> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    if (await isSeen()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(50);
  }
}

/** Your predictions, before you run anything: after a movie is added through one copy, does the other copy have it too? */
export const predictions = {
  // Each environment built its own catalog in its own init phase, and an add changes only the process that handled it.
  lambdaEnvironmentsAgree: false,
  // Every replica writes its adds to the shared stream and applies everyone's adds from it, its own included.
  replicasAgree: true,
};

/**
 * The Lambda experiment: add `movie` through environment `a`, then look for it in `a` and in `b`.
 */
export async function lambdaExperiment(a: LambdaEnvironment, b: LambdaEnvironment, movie: Movie): Promise<Observation> {
  const added = await a.invoke(httpApiV2Event({ method: 'POST', path: '/movies', body: movie }));
  if (added.statusCode !== 201) throw new Error(`${a.name} did not add the movie: ${added.statusCode} ${added.body}`);
  const lookUp = async (environment: LambdaEnvironment) => (await environment.invoke(httpApiV2Event({ method: 'GET', path: `/movies/${movie.movieId}` }))).statusCode === 200;
  const seenByWriter = await lookUp(a);
  // Not a race: b is not slow to learn of the add, it has no way to learn of it. Asking for 2 s shows it is not merely late.
  const seenByOther = await askUntilSeen(() => lookUp(b), 2_000);
  return { seenByWriter, seenByOther };
}

/**
 * The container experiment: add `movie` through replica `a`, then look for it in `a` and in `b`.
 */
export async function replicaExperiment(a: Replica, b: Replica, movie: Movie): Promise<Observation> {
  const added = await a.request('POST', '/movies', movie);
  if (added.status !== 201) throw new Error(`${a.name} did not add the movie: ${added.status} ${JSON.stringify(added.body)}`);
  const lookUp = async (replica: Replica) => (await replica.request('GET', `/movies/${movie.movieId}`)).status === 200;
  const seenByWriter = await lookUp(a);
  // b learns of the add from the catalog stream, a moment after a acknowledged it: ask until it has it.
  const seenByOther = await askUntilSeen(() => lookUp(b));
  return { seenByWriter, seenByOther };
}
