/**
 * @serverless-ai/model-interface: the contract shared by the footfall predictor and
 * the movie recommender, and by the two apps that serve them.
 */
export * from './errors.js';
export * from './model.js';
export * from './model-card.js';
export * from './artifacts.js';
