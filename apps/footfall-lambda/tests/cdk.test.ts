/**
 * The CDK stack, proven without AWS: synthesis, template assertions and cdk-nag.
 * Most tests skip bundling (`aws:cdk:bundling-stacks: []`); one synthesises for real
 * with local esbuild to show that no Docker is needed.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUrlIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_PATH, MODEL_FILE_NAME } from '@serverless-ai/footfall-model';
import { sha256Hex } from '@serverless-ai/model-interface';
import { FootfallStack } from '../lib/footfall-stack.js';
import { ESM_REQUIRE_BANNER, HANDLER_FILE } from '@serverless-ai/lambda-kit/bundle';
import { LAMBDA_DIR, REPO_DIR } from '../scripts/paths.js';

function synth(context: Record<string, unknown> = {}) {
  const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'footfall-cdk-')), context: { 'aws:cdk:bundling-stacks': [], ...context } });
  const stack = new FootfallStack(app, 'FootfallTest');
  return { app, stack, template: Template.fromStack(stack) };
}

function logicalIdOf(template: Template, type: string): string {
  const ids = Object.keys(template.findResources(type));
  expect(ids).toHaveLength(1);
  return ids[0]!;
}

describe('FootfallStack', () => {
  it('runs the handler on Node.js 22.x and arm64, with no MODEL_PATH: the model ships beside the handler', () => {
    // Act
    const { template } = synth();

    // Assert
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      MemorySize: 512,
      Environment: { Variables: { POWERTOOLS_LOG_LEVEL: 'INFO', MODEL_PATH: Match.absent() } },
      LoggingConfig: { LogGroup: { Ref: Match.anyValue() } },
    });
    // The first synthesis in the file loads aws-cdk-lib and bundles the handler: allow for a busy 2-core machine.
  }, 300_000);

  it('uses the JSON log format at INFO, so the runtime turns the logger\'s console calls into JSON lines with the request id', () => {
    // Act
    const { template } = synth();

    // Assert
    template.hasResourceProperties('AWS::Lambda::Function', {
      LoggingConfig: { LogFormat: 'JSON', ApplicationLogLevel: 'INFO', SystemLogLevel: 'INFO', LogGroup: { Ref: Match.anyValue() } },
    });
  });

  it('keeps logs in explicit log groups with a retention period', () => {
    const { template } = synth();
    template.resourceCountIs('AWS::Logs::LogGroup', 2);
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 14 });
  });

  it('gives the function a role that may only write its own logs (no managed policy)', () => {
    const { template } = synth();
    template.hasResourceProperties('AWS::IAM::Role', { ManagedPolicyArns: Match.absent() });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [{ Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] } }],
      },
    });
  });

  it('routes POST /predict, GET /model and the $default catch-all to the live alias', () => {
    // Act
    const { template } = synth();

    // Assert
    const aliasId = logicalIdOf(template, 'AWS::Lambda::Alias');
    const integrationId = logicalIdOf(template, 'AWS::ApiGatewayV2::Integration');
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: { Ref: aliasId },
      PayloadFormatVersion: '2.0',
    });
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')) as { Properties: { RouteKey: string; Target: unknown } }[];
    expect(routes.map((route) => route.Properties.RouteKey).sort()).toEqual(['$default', 'GET /model', 'POST /predict']);
    for (const route of routes) {
      expect(route.Properties.Target).toEqual({ 'Fn::Join': ['', ['integrations/', { Ref: integrationId }]] });
    }
  });

  it('serves on the $default stage with access logs and throttling, and outputs the URL', () => {
    const { template } = synth();
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] }, Format: Match.stringLikeRegexp('\\$context.requestId') },
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
    template.hasOutput('ApiUrl', { Value: Match.anyValue() });
  });

  it('creates the live alias on demand (no provisioned concurrency) by default', () => {
    // Act
    const { template } = synth();

    // Assert
    template.hasResourceProperties('AWS::Lambda::Alias', {
      Name: 'live',
      FunctionVersion: { 'Fn::GetAtt': [Match.anyValue(), 'Version'] },
      ProvisionedConcurrencyConfig: Match.absent(),
    });
  });

  it.each([
    [2, 2],
    ['3', 3],
  ])('sets provisioned concurrency on the live alias from the context value %j', (contextValue, expected) => {
    // Act
    const { template } = synth({ provisionedConcurrency: contextValue });

    // Assert
    template.hasResourceProperties('AWS::Lambda::Alias', {
      Name: 'live',
      ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: expected },
    });
  });

  it('refuses a provisioned concurrency above the API burst limit, naming the bound and why', () => {
    // 2,000 is what the issue tried: more than a default account may even provision.
    expect(() => synth({ provisionedConcurrency: '2000' })).toThrow(/provisionedConcurrency must be at most 100 \(the API's burst limit/);
    expect(() => synth({ provisionedConcurrency: 101 })).toThrow(/at most 100/);
  });

  it('accepts the API burst limit itself as the largest provisioned concurrency', () => {
    const { template } = synth({ provisionedConcurrency: '100' });
    template.hasResourceProperties('AWS::Lambda::Alias', { ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 100 } });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', { DefaultRouteSettings: { ThrottlingBurstLimit: 100 } });
  });

  it('refuses a provisioned concurrency that is not a whole number', () => {
    expect(() => synth({ provisionedConcurrency: '-1' })).toThrow(/provisionedConcurrency must be a whole number/);
    expect(() => synth({ provisionedConcurrency: 'two' })).toThrow(/provisionedConcurrency must be a whole number/);
  });
});

describe('cdk-nag (AwsSolutions)', () => {
  it('finds no unacknowledged problem in the stack', () => {
    // Arrange
    const { app } = synth();

    // Act
    const report = new AwsSolutionsChecks().validateScope(app);

    // Assert
    const findings = report.violations.map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}: ${v.description}`);
    expect(findings).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('acknowledges only the findings we chose, each with a written reason', () => {
    // Arrange
    const { app } = synth();

    // Act: collect every acknowledgment recorded in the construct tree.
    const acknowledged: Record<string, string> = {};
    const visit = (node: IConstruct): void => {
      for (const entry of node.node.metadata) {
        if (entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY) {
          for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) acknowledged[id.replace(/^annotation::/i, '')] = reason;
        }
      }
      node.node.children.forEach(visit);
    };
    visit(app);

    // Assert: a new acknowledgment has to be added here, in review, with its reason.
    expect(Object.keys(acknowledged).sort()).toEqual(['AwsSolutions-APIG4', 'AwsSolutions-L1']);
    for (const reason of Object.values(acknowledged)) expect(reason.length).toBeGreaterThan(60);
  });

  it('says in the runtime acknowledgement which Node.js the benchmarks really ran on, as their results JSON records it', () => {
    // Arrange: the Node.js major version docs/results/footfall-lambda.json was measured with (e.g. "v20.20.2" → 20).
    const results = JSON.parse(readFileSync(join(REPO_DIR, 'docs', 'results', 'footfall-lambda.json'), 'utf8')) as { machine: { node: string } };
    const measuredMajor = /^v(\d+)\./.exec(results.machine.node)?.[1];
    const { stack } = synth();

    // Act
    const reason = JSON.stringify(stack.node.findAll().flatMap((node) => node.node.metadata.filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).map((entry) => entry.data as unknown)));

    // Assert: the runtime is Node.js 22.x, the measurements were not.
    expect(measuredMajor).toBeDefined();
    expect(reason).toContain(`measured on Node.js ${measuredMajor}`);
    expect(reason).not.toMatch(/benchmarked (against|for|on) (it|Node\.?js 22)/i);
    expect(readFileSync(join(REPO_DIR, 'apps', 'footfall-lambda', 'README.md'), 'utf8')).toContain(`measured on Node.js ${measuredMajor}`);
  });

  it('reports an unauthenticated route when nobody acknowledged it (the check is live)', () => {
    // Arrange: a bare HTTP API route, without our acknowledgment.
    const app = new App();
    const stack = new Stack(app, 'Bare');
    new HttpApi(stack, 'Api').addRoutes({ path: '/x', methods: [HttpMethod.GET], integration: new HttpUrlIntegration('Url', 'https://example.com') });

    // Act
    const report = new AwsSolutionsChecks().validateScope(app);

    // Assert
    expect(report.violations.map((v) => v.ruleName)).toContain('AwsSolutions-APIG4');
  });
});

describe('synthesis with bundling', () => {
  it('bundles with local esbuild (no Docker), ships the handler and the model, and passes cdk-nag during synth', () => {
    // Arrange: no bundling-stacks context, so NodejsFunction really bundles.
    const outdir = mkdtempSync(join(tmpdir(), 'footfall-cdk-bundled-'));
    const app = new App({ outdir });
    new FootfallStack(app, 'FootfallBundled');
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

    // Act: validation plugins run during synth and would throw on a finding.
    const assembly = app.synth();

    // Assert
    const assetDirs = readdirSync(assembly.directory).filter((name) => name.startsWith('asset.'));
    const handlerAsset = assetDirs.find((name) => readdirSync(join(assembly.directory, name)).includes('index.mjs'));
    expect(handlerAsset, 'no asset folder with index.mjs').toBeDefined();
    const assetDir = join(assembly.directory, handlerAsset!);
    expect(readdirSync(assetDir).sort()).toEqual([MODEL_FILE_NAME, 'index.mjs']);
    expect(readFileSync(join(assetDir, MODEL_FILE_NAME))).toEqual(readFileSync(DEFAULT_MODEL_PATH));
    const bundled = readFileSync(join(assetDir, 'index.mjs'));
    expect(bundled.subarray(0, ESM_REQUIRE_BANNER.length).toString(), 'the CDK bundle uses the settings in @serverless-ai/lambda-kit/bundle').toBe(ESM_REQUIRE_BANNER);
    expect(sha256Hex(bundled), 'the CDK asset differs from dist/lambda/index.mjs (npm run build)').toBe(sha256Hex(readFileSync(join(LAMBDA_DIR, HANDLER_FILE))));
  });
});
