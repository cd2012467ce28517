/**
 * One Lambda execution environment, played by one Node process. The checks start two:
 *
 *   fork('environment.ts', ['handler.ts'], { execArgv: ['--import', 'tsx'] })
 *
 * It imports the handler once (the init phase: module scope runs here, once), then answers
 * invocations one at a time, as Lambda sends them to an environment: a message
 * `{ id, event }` in, `{ id, response }` out. Two environments are two processes, so they
 * share nothing in memory, exactly as two Lambda execution environments share nothing.
 * (Lambda also freezes an environment between invocations; nothing here depends on that.)
 */
import { pathToFileURL } from 'node:url';
import { lambdaContext } from '@serverless-ai/lambda-kit/testing';

type Handler = (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<unknown>;

/** What the parent sends: one event to handle. */
export interface InvocationMessage {
  id: number;
  event: unknown;
}

/** What this process sends back: ready once, then one response (or error) per invocation. */
export type EnvironmentMessage = { ready: true; pid: number } | { id: number; response: unknown } | { id: number; error: string };

const [handlerPath] = process.argv.slice(2);
const send = process.send?.bind(process);
if (!handlerPath || !send) {
  console.error('Start me with child_process.fork(environment.ts, [<handler module>]): I talk to my parent over IPC.');
  process.exit(2);
}

// The init phase.
const { handler } = (await import(pathToFileURL(handlerPath).href)) as { handler: Handler };

// One invocation at a time, in arrival order, as Lambda runs an environment.
let queue = Promise.resolve();
let invocations = 0;
process.on('message', (message: InvocationMessage) => {
  queue = queue.then(async () => {
    invocations += 1;
    const context = lambdaContext({ awsRequestId: `env-${process.pid}-${invocations}`, functionName: 'workshop-recommender' });
    try {
      send({ id: message.id, response: await handler(message.event, context) });
    } catch (err) {
      send({ id: message.id, error: String((err as Error).stack ?? err) });
    }
  });
});
// The parent went away: so does this environment.
process.on('disconnect', () => process.exit(0));
send({ ready: true, pid: process.pid });
