/**
 * The statistics the benchmarks quote live with the results format in
 * @serverless-ai/model-interface/results-format; re-exported here for the renderers.
 */
export { median, percentile, round } from '@serverless-ai/model-interface/results-format';
