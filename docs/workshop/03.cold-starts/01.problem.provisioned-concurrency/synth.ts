/**
 * Prints what `cdk synth` would put in the template for the function and its alias, without
 * the CDK CLI: the stack is synthesized in this process, and nothing calls out.
 *
 *   node --import tsx synth.ts       # no context: on demand
 *   node --import tsx synth.ts 2     # as `cdk synth -c provisionedConcurrency=2`
 *
 * (Run it from this folder with `node --import tsx`: `npx` would run it from the workspace folder.)
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ColdStartStack, PROVISIONED_CONCURRENCY_CONTEXT } from './stack.js';

const [value] = process.argv.slice(2);
// The CLI passes `-c key=value` as a string, so this does too.
const app = new App({
  context: value === undefined ? {} : { [PROVISIONED_CONCURRENCY_CONTEXT]: value },
  // Skip the built-in CloudFormation linter: it takes seconds to start and this script only prints.
  builtinCloudFormationValidation: false,
});
const template = Template.fromStack(new ColdStartStack(app, 'ColdStart'));

// The function, its published version and the alias; the function's inline code and role are left out.
const resources: Record<string, unknown> = {};
for (const type of ['AWS::Lambda::Function', 'AWS::Lambda::Version', 'AWS::Lambda::Alias']) {
  for (const [logicalId, resource] of Object.entries(template.findResources(type))) {
    const { Code: _code, Role: _role, ...properties } = (resource as { Properties: Record<string, unknown> }).Properties;
    resources[logicalId] = { Type: type, Properties: properties };
  }
}
console.log(JSON.stringify(resources, null, 2));
