/**
 * @serverless-ai/cost-model: what each home costs and how each absorbs a burst.
 * (Skeleton; the cost model and the elasticity simulation land here.)
 */
export {};
