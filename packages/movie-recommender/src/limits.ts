/**
 * The request limits of `POST /recommendations`, in a module with no imports, so a
 * web page can bundle them (`@serverless-ai/movie-recommender/limits`) without zod,
 * hnswlib or Node. recommender.ts builds its input schema from these.
 */

/** Most activity items one request may carry. */
export const MAX_ACTIVITY_ITEMS = 500;
/** Most recommendations one request may ask for. */
export const MAX_K = 100;
/** Recommendations returned when `k` is omitted. */
export const DEFAULT_K = 10;
