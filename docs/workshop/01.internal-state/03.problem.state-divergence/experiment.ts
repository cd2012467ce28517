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
  // TODO 1: predict. Two environments of one Lambda function, after an add through one of them:
  lambdaEnvironmentsAgree: true,
  // Two container replicas on one catalog stream, after an add through one of them:
  replicasAgree: false,
};

/**
 * The Lambda experiment: add `movie` through environment `a`, then look for it in `a` and in `b`.
 */
export function lambdaExperiment(_a: LambdaEnvironment, _b: LambdaEnvironment, _movie: Movie): Promise<Observation> {
  // TODO 2: add the movie through `_a`: invoke it with a POST /movies event whose body is the movie (expect 201).
  // TODO 3: ask `_a` for it (GET /movies/<id>): the control, proving the add worked where it was made.
  // TODO 4: ask `_b` for it, more than once (askUntilSeen(..., 2_000) is enough to show it is not merely late),
  // and report both answers.
  // For now this reports your prediction, not an observation:
  return Promise.resolve({ seenByWriter: true, seenByOther: predictions.lambdaEnvironmentsAgree });
}

/**
 * The container experiment: add `movie` through replica `a`, then look for it in `a` and in `b`.
 */
export function replicaExperiment(_a: Replica, _b: Replica, _movie: Movie): Promise<Observation> {
  // TODO 5: add the movie through `_a` (POST /movies, expect 201), ask `_a` for it, then ask `_b` until it
  // has it or CONVERGENCE_DEADLINE_MS passes (askUntilSeen), and report both answers.
  // For now this reports your prediction, not an observation:
  return Promise.resolve({ seenByWriter: true, seenByOther: predictions.replicasAgree });
}
