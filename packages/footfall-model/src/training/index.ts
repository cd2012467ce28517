/**
 * @serverless-ai/footfall-model/training: the trainer and its metrics. A separate entry
 * point so that the predictor (`@serverless-ai/footfall-model`) never loads ml-matrix.
 */
export * from './metrics.js';
export * from './ridge.js';
export * from './train.js';
