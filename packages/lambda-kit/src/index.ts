/**
 * `@serverless-ai/lambda-kit`: the runtime half of the kit, bundled into each Lambda handler.
 *
 * - http-event: API Gateway payload 1.0/2.0 events → one request shape; JSON body checks; JSON results.
 * - router: a path → method → handler table, with 404 and 405 + Allow.
 * - api-handler: the entry point that ties them together and maps errors to the shared shape.
 * - logger: a tiny JSON logger on `console` (Powertools is the `/powertools-logger` subpath).
 *
 * Build-time and test-time code lives behind other subpaths (`/bundle`, `/cdk`,
 * `/testing`, `/invoke-bundle`), so a handler bundle never pulls esbuild or aws-cdk-lib.
 */
export * from './http-event.js';
export * from './router.js';
export * from './api-handler.js';
export * from './logger.js';
