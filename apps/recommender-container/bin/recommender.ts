#!/usr/bin/env node
/**
 * CDK app: one stack, checked by cdk-nag's AwsSolutions pack on every synth.
 * The task is sized for the committed catalog unless `-c movies=… -c dimensions=…` are BOTH
 * given (one alone is refused, see lib/catalog-context.ts);
 * `-c searchEf=…` sets the service's HNSW search breadth (SEARCH_EF);
 * `-c certificateArn=…` turns on HTTPS (without it, synth warns that the admin API is in clear);
 * `-c retainData=true` keeps and backs up the data volume;
 * the region is `-c region=…`, else the CLI's default region, else us-east-1.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { catalogFromContext } from '../lib/catalog-context.js';
import { RecommenderStack } from '../lib/recommender-stack.js';

const app = new App();
const context = (key: string): unknown => app.node.tryGetContext(key) as unknown;
const searchEf = context('searchEf') === undefined ? undefined : Number(context('searchEf'));
const { catalog } = await catalogFromContext({ movies: context('movies'), dimensions: context('dimensions') }, async () => {
  const { loadRecommenderArtifacts } = await import('@serverless-ai/movie-recommender');
  const artifacts = loadRecommenderArtifacts();
  return { movies: artifacts.movies.length, dimensions: artifacts.dimensions };
});
const certificateArn = context('certificateArn') as string | undefined;
const retainData = context('retainData') === true || context('retainData') === 'true';
// Account-agnostic; the region must be known because ALB access logging grants a per-region principal.
const region = (context('region') as string | undefined) ?? process.env.CDK_DEFAULT_REGION ?? 'us-east-1';
new RecommenderStack(app, 'RecommenderContainer', {
  catalog,
  searchEf,
  certificateArn,
  retainData,
  env: { region },
  description: 'Movie recommender on Fargate (serverless-ai-fit)',
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
