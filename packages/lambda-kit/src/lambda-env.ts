/**
 * `@serverless-ai/lambda-kit/lambda-env`: sets the environment variables Lambda's runtime
 * would set, for a handler run outside Lambda (a local server, the invoke-bundle harness).
 * Import it first (apps/footfall-lambda/src/local-main.ts does): ES modules run in import
 * order, so a logger created by a later import already sees them.
 *
 * `AWS_LAMBDA_INITIALIZATION_TYPE=on-demand`: both loggers (the default one and Powertools)
 * read it for `cold_start`, true on the first request after start-up, as on Lambda (and
 * false throughout in a `provisioned-concurrency` environment).
 *
 * `AWS_LAMBDA_LOG_FORMAT` is left unset on purpose: only Lambda's runtime formats `console`
 * calls as JSON, so outside it the default logger must write its own JSON lines.
 */
process.env.AWS_LAMBDA_INITIALIZATION_TYPE ??= 'on-demand';

export {};
