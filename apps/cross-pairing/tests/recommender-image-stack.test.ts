/**
 * The recommender as a Lambda container image, proven without Docker or AWS: the CDK stack
 * synthesises (the build context is staged into cdk.out, nothing is built), its template says
 * what it should, cdk-nag finds nothing, and fitcheck judges the staged folder in image mode.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyse, MB, verdictsByRoute } from '@serverless-ai/fitcheck';
import { loadRecommenderArtifacts } from '@serverless-ai/movie-recommender';
import { RecommenderImageStack } from '../lib/recommender-image-stack.js';
import { HANDLER_FILE } from '@serverless-ai/lambda-kit/bundle';
import { RECOMMENDER_LAMBDA_DIR } from '../scripts/paths.js';
import { stageRecommenderImage } from '../scripts/recommender-image.js';
import { recommendationsEvent } from '../src/events.js';
import { ARTIFACTS_FOLDER } from '../src/recommender-lambda/config.js';

/** The staged package carries this machine's addon: judge it for this machine's architecture. */
const thisArch = process.arch === 'arm64' ? 'arm64' : 'x86_64';

let scratch: string;
let imageDir: string;
beforeAll(() => {
  expect(existsSync(join(RECOMMENDER_LAMBDA_DIR, HANDLER_FILE)), 'run `npm run build` in apps/cross-pairing first').toBe(true);
  scratch = mkdtempSync(join(tmpdir(), 'cross-pairing-image-'));
  // The contents' architecture does not matter to synthesis: stage this machine's package.
  imageDir = join(scratch, 'image');
  stageRecommenderImage(RECOMMENDER_LAMBDA_DIR, imageDir);
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function synth() {
  const app = new App({ outdir: mkdtempSync(join(scratch, 'cdk-')) });
  const stack = new RecommenderImageStack(app, 'RecommenderImageTest', { imageDir });
  return { app, stack, template: Template.fromStack(stack) };
}

describe('RecommenderImageStack', () => {
  it('deploys a container-image function on arm64, with no runtime or handler of its own', () => {
    const { template } = synth();

    template.resourceCountIs('AWS::Lambda::Function', 1);
    template.hasResourceProperties('AWS::Lambda::Function', {
      PackageType: 'Image',
      Architectures: ['arm64'],
      MemorySize: 2048,
      Timeout: 10,
      Code: { ImageUri: { 'Fn::Sub': Match.stringLikeRegexp('container-assets') } },
      Environment: { Variables: { INDEX_MODE: 'snapshot' } },
      LoggingConfig: { LogGroup: { Ref: Match.anyValue() } },
      Runtime: Match.absent(),
      Handler: Match.absent(),
    });
    // The first synthesis in the file loads aws-cdk-lib: allow for a busy 2-core machine.
  }, 300_000);

  it('gives the function a role that may only write its own logs, kept two weeks', () => {
    const { template } = synth();

    template.hasResourceProperties('AWS::IAM::Role', { ManagedPolicyArns: Match.absent() });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 14 });
  });

  it('stages the Dockerfile and the package as an arm64 image asset, without building it', () => {
    // Act
    const { app } = synth();
    const assembly = app.synth();

    // Assert: the asset manifest asks for linux/arm64, and the staged context has the package.
    const manifestFile = readdirSync(assembly.directory).find((name) => name.endsWith('.assets.json'))!;
    const manifest = JSON.parse(readFileSync(join(assembly.directory, manifestFile), 'utf8')) as {
      dockerImages: Record<string, { source: { directory: string; platform?: string } }>;
    };
    const images = Object.values(manifest.dockerImages);
    expect(images).toHaveLength(1);
    expect(images[0]!.source.platform).toBe('linux/arm64');
    const context = join(assembly.directory, images[0]!.source.directory);
    expect(readdirSync(context).sort()).toEqual(['.dockerignore', 'Dockerfile', 'artifacts', 'index', 'index.mjs', 'node_modules']);
    const dockerfile = readFileSync(join(context, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^FROM public\.ecr\.aws\/lambda\/nodejs:22$/m);
    expect(dockerfile).toMatch(/^CMD \["index\.handler"\]$/m);
  });

  it('passes cdk-nag (AwsSolutions) with nothing acknowledged', () => {
    // Arrange
    const { app } = synth();

    // Act
    const report = new AwsSolutionsChecks().validateScope(app);
    const acknowledged: string[] = [];
    const visit = (node: IConstruct): void => {
      for (const entry of node.node.metadata) if (entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY) acknowledged.push(...Object.keys(entry.data as object));
      node.node.children.forEach(visit);
    };
    visit(app);

    // Assert
    expect(report.violations.map((v) => `${v.ruleName}: ${v.description}`)).toEqual([]);
    expect(acknowledged).toEqual([]);
  });
});

describe('fitcheck in image mode on the staged folder', () => {
  it('measures the init of the image contents and judges them against the image route', async () => {
    // Arrange
    const { movies } = loadRecommenderArtifacts(join(imageDir, ARTIFACTS_FOLDER));
    const eventFile = join(scratch, 'event.json');
    writeFileSync(eventFile, JSON.stringify(recommendationsEvent(movies, 10)));

    // Act
    const report = await analyse(imageDir, { route: 'container-image', arch: thisArch, event: eventFile, runs: 1 });

    // Assert
    expect(report.thresholds.route).toBe('container-image');
    expect(report.init?.response?.statusCode).toBe(200);
    expect(report.verdict).toBe('fits');
  }, 60_000);

  it('fits a catalog past 250 MB in the image and fails it on both zip routes', async () => {
    // Arrange: a copy with a 300 MB (sparse) data file beside the catalog.
    const big = join(scratch, 'big-image');
    stageRecommenderImage(RECOMMENDER_LAMBDA_DIR, big);
    const padding = join(big, ARTIFACTS_FOLDER, 'padding.bin');
    writeFileSync(padding, '');
    truncateSync(padding, 300 * MB);

    // Act
    const report = await analyse(big, { route: 'container-image', arch: thisArch, static: true });

    // Assert
    expect(report.verdict).toBe('fits');
    expect(report.criteria.dependencies.findings.find((f) => f.code === 'UNZIPPED_TOO_LARGE')).toMatchObject({ level: 'info', routeLevel: 'fail', routes: ['zip-direct', 'zip-s3'] });
    expect(verdictsByRoute(report.criteria)).toEqual({ 'zip-direct': 'does-not-fit', 'zip-s3': 'does-not-fit', 'container-image': 'fits' });
  }, 60_000);
});
