/**
 * The cold-start baseline: about the smallest HTTP API handler there is, bundled by
 * bench/run.ts with exactly the Lambda bundle settings (@serverless-ai/lambda-kit/bundle).
 * Whatever the footfall bundle costs beyond this is the price of its dependencies and
 * of loading the model.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** Answers every event with a tiny JSON body. */
export const handler = (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> =>
  Promise.resolve({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ hello: 'world', path: event.rawPath }) });
