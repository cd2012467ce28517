/**
 * A stack holding only the recommender's container-image function: enough to synthesise,
 * assert on and run cdk-nag over. Demo-only: no HTTP API in front of it (the footfall
 * stack's apps/footfall-lambda/lib/footfall-http-api.ts shows that part), and no deploy
 * from this repository.
 */
import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { RecommenderImageFunction, type RecommenderImageFunctionProps } from './recommender-image-function.js';

/** Options for `RecommenderImageStack`. */
export interface RecommenderImageStackProps extends StackProps, RecommenderImageFunctionProps {}

/** The recommender as a Lambda container image. */
export class RecommenderImageStack extends Stack {
  readonly recommender: RecommenderImageFunction;

  constructor(scope: Construct, id: string, props: RecommenderImageStackProps) {
    super(scope, id, props);
    this.recommender = new RecommenderImageFunction(this, 'Recommender', props);
  }
}
