/**
 * Cold-start stage "footfall model": the hello-world handler plus what the real handler
 * does to get its model at init, without the logger: import the model package and the
 * shared contract, find the model file and load it with the handler's own `loadModel`.
 * bench/run.ts bundles it with the Lambda settings and the same embedded checksum as
 * `npm run build`, so init verifies that checksum only, and puts the model file beside it,
 * as in the real package.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { loadModel, resolveModelPath } from '../../src/config.js';

const { model } = loadModel(resolveModelPath(process.env, import.meta.url));

/** Answers like hello-world, naming the loaded model so it cannot be tree-shaken away. */
export const handler = (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> =>
  Promise.resolve({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ hello: 'world', path: event.rawPath, model: model.version }) });
