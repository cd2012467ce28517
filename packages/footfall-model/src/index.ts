/**
 * @serverless-ai/footfall-model: the 100 features, the seeded data generator, input
 * validation and the predictor that ships to Lambda.
 *
 * Training lives behind the separate `@serverless-ai/footfall-model/training` entry so
 * that importing this one never pulls in ml-matrix.
 */
export * from './features.js';
export * from './input.js';
export * from './model.js';
export * from './paths.js';
export * from './payload-schema.js';
export * from './predictor.js';
export * from './generator.js';
export * from './sample-days.js';
export { Rng } from './prng.js';
export * as calendar from './calendar.js';
