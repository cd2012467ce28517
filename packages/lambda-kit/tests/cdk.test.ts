/** The shared CDK defaults: a log group with a retention period, and a role that may write to it and nothing else. */
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { describe, expect, it } from 'vitest';
import { ESM_REQUIRE_BANNER, lambdaBundleOptions } from '../src/bundle.js';
import { baseFunctionProps, FUNCTION_DEFAULTS, functionLogGroupAndRole, nodejsBundling } from '../src/cdk.js';

describe('functionLogGroupAndRole', () => {
  it('creates a log group kept two weeks and a Lambda role whose only policy writes to that group', () => {
    // Arrange + Act
    const stack = new Stack(new App(), 'Test');
    functionLogGroupAndRole(stack, { roleDescription: 'Test function: write its own logs, nothing else.' });
    const template = Template.fromStack(stack);

    // Assert
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 14 });
    template.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Delete' });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })] },
      Description: 'Test function: write its own logs, nothing else.',
      ManagedPolicyArns: Match.absent(),
    });
    const [policy] = Object.values(template.findResources('AWS::IAM::Policy')) as { Properties: { PolicyDocument: { Statement: { Action: string[]; Resource: unknown }[] } } }[];
    const statements = policy!.Properties.PolicyDocument.Statement;
    expect(statements).toHaveLength(1);
    expect(statements[0]!.Action).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
    expect(JSON.stringify(statements[0]!.Resource)).toContain('Logs');
    // The first synthesis in a file loads aws-cdk-lib: seconds when idle, minutes on a busy 2-core machine.
  }, 300_000);

  it('keeps logs as long as asked', () => {
    const stack = new Stack(new App(), 'Test');
    functionLogGroupAndRole(stack, { roleDescription: 'x', logRetention: RetentionDays.ONE_YEAR });
    Template.fromStack(stack).hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
  });
});

describe('baseFunctionProps', () => {
  it('gives arm64, the memory asked for, the default timeout, and the log group and role it created', () => {
    const stack = new Stack(new App(), 'Test');
    const props = baseFunctionProps(stack, { roleDescription: 'x', memorySize: 2048 });
    expect(props).toMatchObject({ architecture: FUNCTION_DEFAULTS.architecture, memorySize: 2048, timeout: FUNCTION_DEFAULTS.timeout });
    expect(props.architecture.name).toBe('arm64');
    expect(props.timeout.toSeconds()).toBe(10);
    Template.fromStack(stack).resourceCountIs('AWS::Logs::LogGroup', 1);
    expect(props.role.node.id).toBe('Role');
  });

  it('turns on the JSON log format at INFO, so the runtime writes each console call as a JSON line with the request id', () => {
    // Arrange + Act
    const stack = new Stack(new App(), 'Test');
    new LambdaFunction(stack, 'Function', { ...baseFunctionProps(stack, { roleDescription: 'x', memorySize: 512 }), runtime: Runtime.NODEJS_22_X, handler: 'index.handler', code: Code.fromInline('exports.handler = async () => 1;') });

    // Assert
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      LoggingConfig: { LogFormat: 'JSON', ApplicationLogLevel: 'INFO', SystemLogLevel: 'INFO', LogGroup: { Ref: Match.stringLikeRegexp('^Logs') } },
    });
  });
});

describe('nodejsBundling', () => {
  it('passes the same esbuild settings to NodejsFunction as the build uses', () => {
    expect(nodejsBundling()).toEqual({
      format: OutputFormat.ESM,
      target: lambdaBundleOptions.target,
      minify: true,
      sourceMap: false,
      mainFields: ['module', 'main'],
      banner: ESM_REQUIRE_BANNER,
      forceDockerBundling: false,
    });
  });
});
