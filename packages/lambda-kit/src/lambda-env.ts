/**
 * `@serverless-ai/lambda-kit/lambda-env`: sets the environment variables Lambda's runtime
 * would set, for a handler run outside Lambda (a local server, the invoke-bundle harness).
 * Import it first (apps/footfall-lambda/src/local-main.ts does): ES modules run in import
 * order, so a logger created by a later import already sees them.
 *
 * `AWS_LAMBDA_INITIALIZATION_TYPE=on-demand` is what makes Powertools mark the first
 * request after start-up with `cold_start: true`, as it does on Lambda.
 */
process.env.AWS_LAMBDA_INITIALIZATION_TYPE ??= 'on-demand';

export {};
