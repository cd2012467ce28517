/**
 * CDK app entry (`cdk.json` runs it with tsx): the recommender as a container image, checked
 * by cdk-nag during synth. `npm run synth` needs dist/recommender-image (`npm run build`);
 * it stages that folder into cdk.out and builds nothing (the image build is `cdk deploy`'s).
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { RecommenderImageStack } from '../lib/recommender-image-stack.js';
import { RECOMMENDER_IMAGE_DIR } from '../scripts/paths.js';

const app = new App();
new RecommenderImageStack(app, 'RecommenderImage', {
  imageDir: RECOMMENDER_IMAGE_DIR,
  description: 'Movie recommender as a Lambda container image, arm64 (serverless-ai-fit cross-pairing experiment)',
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
