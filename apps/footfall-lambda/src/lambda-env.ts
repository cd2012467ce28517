/**
 * Sets the environment variables Lambda's runtime would set, before anything else is
 * imported. local-main.ts imports this first: ES modules run in import order, so the
 * logger (created when logger.ts is imported) already sees them.
 *
 * `AWS_LAMBDA_INITIALIZATION_TYPE=on-demand` is what makes Powertools mark the first
 * request after start-up with `cold_start: true`, as it does on Lambda.
 */
process.env.AWS_LAMBDA_INITIALIZATION_TYPE ??= 'on-demand';
