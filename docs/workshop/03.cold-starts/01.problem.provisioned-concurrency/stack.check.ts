/**
 * Checks for step 03.01: the `provisionedConcurrency` context value becomes provisioned
 * concurrency on the `live` alias, nowhere else, and a value that is not a whole number
 * stops synthesis. The stack is synthesized in this process (`new App()`), as the repo's
 * own CDK tests do: no CLI, no AWS account, nothing calls out.
 */
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ColdStartStack } from './stack.js';

/** The context key the README promises (`cdk deploy -c provisionedConcurrency=2`). */
const CONTEXT_KEY = 'provisionedConcurrency';

/** Synthesizes the learner's stack with the context value, as `cdk synth -c provisionedConcurrency=<value>` would. */
function synth(contextValue?: unknown): Template {
  const app = new App({
    context: contextValue === undefined ? {} : { [CONTEXT_KEY]: contextValue },
    // The built-in CloudFormation linter (a WebAssembly module) takes seconds to start and checks nothing this step is about.
    builtinCloudFormationValidation: false,
  });
  return Template.fromStack(new ColdStartStack(app, 'ColdStartCheck'));
}

/** Every resource that carries a ProvisionedConcurrencyConfig, as `Type logicalId`. */
function resourcesWithProvisionedConcurrency(template: Template): string[] {
  const resources = template.toJSON().Resources as Record<string, { Type: string; Properties?: Record<string, unknown> }>;
  return Object.entries(resources)
    .filter(([, resource]) => resource.Properties?.ProvisionedConcurrencyConfig !== undefined)
    .map(([logicalId, resource]) => `${resource.Type} ${logicalId}`);
}

const ON_THE_ALIAS =
  'Set provisionedConcurrentExecutions on the Alias, not the Function: provisioned concurrency attaches to a version or an alias (the published code callers invoke), and a function ($LATEST) has no such setting. In stack.ts, pass it to `new Alias(...)` when the context value is > 0.';

describe('ColdStartStack', () => {
  it('keeps two environments initialised on the live alias when the context value is 2', () => {
    const template = synth(2);
    const warmAliases = template.findResources('AWS::Lambda::Alias', {
      Properties: { Name: 'live', ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 2 } },
    });
    expect(Object.keys(warmAliases), `With -c provisionedConcurrency=2 the live alias has no ProvisionedConcurrencyConfig of 2. ${ON_THE_ALIAS}`).toHaveLength(1);
  });

  it('reads the value as the CLI passes it: the text "3" means 3 environments', () => {
    const template = synth('3');
    const warmAliases = template.findResources('AWS::Lambda::Alias', {
      Properties: { Name: 'live', ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 3 } },
    });
    expect(
      Object.keys(warmAliases),
      `With -c provisionedConcurrency=3 the live alias should keep 3 environments. The CDK CLI passes -c values as text ("3"), so turn it into a number (Number(...)) before you use it. (If the alias has no provisioned concurrency at all yet, start with the check above.)`,
    ).toHaveLength(1);
  });

  it('leaves the function uncapped: reserved concurrency is a different setting', () => {
    const template = synth(2);
    const capped = template.findResources('AWS::Lambda::Function', { Properties: { ReservedConcurrentExecutions: Match.anyValue() } });
    expect(
      Object.keys(capped),
      'The Function has ReservedConcurrentExecutions. Reserved concurrency is not provisioned concurrency: it caps the function at that many concurrent requests (the rest are throttled) and initialises nothing ahead of time. Remove reservedConcurrentExecutions from the Function and put provisionedConcurrentExecutions on the Alias.',
    ).toEqual([]);
  });

  it('stays on demand without the context value, or with 0: no provisioned concurrency anywhere', () => {
    for (const contextValue of [undefined, 0, '0']) {
      expect(
        resourcesWithProvisionedConcurrency(synth(contextValue)),
        `With provisionedConcurrency=${String(contextValue)} nothing may be provisioned: provisioned concurrency is billed every hour it is configured. Only pass provisionedConcurrentExecutions when the value is > 0.`,
      ).toEqual([]);
    }
  });

  it('points the live alias at a published version, not at $LATEST', () => {
    const template = synth(2);
    const versions = Object.keys(template.findResources('AWS::Lambda::Version'));
    expect(versions, 'The stack publishes no version (AWS::Lambda::Version). Point the alias at this.function.currentVersion, which publishes one.').toHaveLength(1);
    const aliases = template.findResources('AWS::Lambda::Alias', { Properties: { Name: 'live', FunctionVersion: { 'Fn::GetAtt': [versions[0], 'Version'] } } });
    expect(
      Object.keys(aliases),
      'The live alias does not point at the published version. Use `version: this.function.currentVersion`: provisioned concurrency cannot attach to $LATEST, only to a published version or an alias of one.',
    ).toHaveLength(1);
  });

  it.each([['two'], [-1], ['1.5']])('refuses provisionedConcurrency=%j with an error that names the context key', (contextValue) => {
    expect(
      () => synth(contextValue),
      `-c provisionedConcurrency=${String(contextValue)} was accepted. Validate the context value: if it is not a whole number ≥ 0, throw an Error that names provisionedConcurrency and shows the value, so the typo stops synthesis instead of deploying a stack without warm environments.`,
    ).toThrow(/provisionedConcurrency\b/);
  });
});
