#!/usr/bin/env node
/**
 * CDK app: one stack, checked by cdk-nag's AwsSolutions pack on every synth.
 * The task is sized for the committed catalog unless `-c movies=… -c dimensions=…` says otherwise;
 * `-c searchEf=…` sets the service's HNSW search breadth (SEARCH_EF);
 * the region is `-c region=…`, else the CLI's default region, else us-east-1.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { RecommenderStack } from '../lib/recommender-stack.js';

const app = new App();
const fromContext = (key: string): number | undefined => (app.node.tryGetContext(key) === undefined ? undefined : Number(app.node.tryGetContext(key)));
const movies = fromContext('movies');
const dimensions = fromContext('dimensions');
const searchEf = fromContext('searchEf');
async function committedCatalog(): Promise<{ movies: number; dimensions: number }> {
  const { loadRecommenderArtifacts } = await import('@serverless-ai/movie-recommender');
  const artifacts = loadRecommenderArtifacts();
  return { movies: artifacts.movies.length, dimensions: artifacts.dimensions };
}
const catalog = movies !== undefined && dimensions !== undefined ? { movies, dimensions } : await committedCatalog();
// Account-agnostic; the region must be known because ALB access logging grants a per-region principal.
const region = (app.node.tryGetContext('region') as string | undefined) ?? process.env.CDK_DEFAULT_REGION ?? 'us-east-1';
new RecommenderStack(app, 'RecommenderContainer', { catalog, searchEf, env: { region }, description: 'Movie recommender on Fargate (serverless-ai-fit)' });
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
