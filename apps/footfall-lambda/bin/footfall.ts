/**
 * CDK app entry (`cdk.json` runs it with tsx): one stack, checked by cdk-nag.
 *
 * cdk-nag's AwsSolutions pack runs as a policy-validation plugin, so `npm run synth`
 * fails on any finding that is neither fixed nor acknowledged with a written reason
 * (search the lib/ folder for `acknowledge`).
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { FootfallStack } from '../lib/footfall-stack.js';

const app = new App();
new FootfallStack(app, 'FootfallPredictor', { description: 'Footfall predictor on AWS Lambda behind an HTTP API (serverless-ai-fit)' });
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
