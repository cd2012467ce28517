/**
 * The footfall Lambda function, its log group and role, and the `live` alias that the
 * HTTP API calls.
 *
 * Serverless limits, as they appear here:
 * - dependencies: the code is bundled by local esbuild (no Docker) with the settings in
 *   @serverless-ai/lambda-kit/bundle, and the model file is copied in next to it, so the asset
 *   is the same ~two-file package `npm run build` measures in dist/size-report.json. The
 *   handler finds the model beside itself (no MODEL_PATH: one mechanism, not two), and the
 *   model is fully checked here at synth, its checksum embedded, as `npm run build` does;
 * - cold starts: `provisionedConcurrency` keeps that many execution environments
 *   initialised (model loaded) on the alias, at a price, instead of paying init on demand.
 *
 * Edit this file to change memory, timeout, log retention or the runtime.
 */
import { Validations, type Duration } from 'aws-cdk-lib';
import { Alias, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { join } from 'node:path';
import { DEFAULT_MODEL_PATH, MODEL_FILE_NAME } from '@serverless-ai/footfall-model';
import { baseFunctionProps, nodejsBundling } from '@serverless-ai/lambda-kit/cdk';
import { HANDLER_ENTRY, REPO_DIR } from '../scripts/paths.js';
import { validateModelForBundle } from '../scripts/validated-model.js';

/** Name of the alias the API invokes and provisioned concurrency attaches to. */
export const LIVE_ALIAS_NAME = 'live';

/** Options for `FootfallFunction`. */
export interface FootfallFunctionProps {
  /**
   * Execution environments kept initialised on the `live` alias. 0 means on demand:
   * no standing cost, and a cold start (init phase) on scale-out.
   * @default 0
   */
  readonly provisionedConcurrency?: number;
  /**
   * Memory in MB. Lambda allots CPU in proportion (1,769 MB = one vCPU), while the process
   * needs well under 128 MB (see `peakRssMiB` in docs/results/footfall-lambda.json).
   * 512 MB buys about 0.29 vCPU for the invoke phase and for an init prepared by provisioned
   * concurrency; an on-demand init runs on a full vCPU whatever this is (AWS Serverless Land,
   * "Utilize the initialization phase":
   * https://serverlessland.com/content/service/lambda/guides/effectively-running-java-on-serverless/init-heavy-lifting).
   * @default 512
   */
  readonly memorySize?: number;
  /**
   * A 1,000-row batch takes milliseconds; the timeout only bounds a stuck invocation.
   * @default Duration.seconds(10)
   */
  readonly timeout?: Duration;
  /**
   * How long the function's logs are kept.
   * @default RetentionDays.TWO_WEEKS
   */
  readonly logRetention?: RetentionDays;
  /**
   * The model artifact to ship next to the handler.
   * @default DEFAULT_MODEL_PATH (the committed packages/footfall-model/artifacts/footfall-model.json)
   */
  readonly modelPath?: string;
}

/** The footfall Lambda function plus its `live` alias. */
export class FootfallFunction extends Construct {
  /** The function itself ($LATEST). Invoke `alias`, not this. */
  readonly function: NodejsFunction;
  /** `live`: the published version the API calls; carries the provisioned concurrency. */
  readonly alias: Alias;
  /** The function's log group, created explicitly so it has a retention period. */
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: FootfallFunctionProps = {}) {
    super(scope, id);
    const provisionedConcurrency = props.provisionedConcurrency ?? 0;
    if (!Number.isInteger(provisionedConcurrency) || provisionedConcurrency < 0) {
      throw new Error(`provisionedConcurrency must be a whole number ≥ 0, got ${provisionedConcurrency}`);
    }
    const modelPath = props.modelPath ?? DEFAULT_MODEL_PATH;
    // A bad model fails `cdk synth`; the bundle carries the checksum its init verifies.
    const { define } = validateModelForBundle(modelPath);

    // Log group (demo: DESTROY on delete), a role that may write to it and nothing else
    // (cdk-nag AwsSolutions-IAM4), arm64, memory and timeout: lambda-kit's shared defaults.
    const base = baseFunctionProps(this, { ...props, memorySize: props.memorySize ?? 512, roleDescription: 'Footfall predictor: write its own logs, nothing else.' });
    this.logGroup = base.logGroup;

    this.function = new NodejsFunction(this, 'Function', {
      entry: HANDLER_ENTRY,
      handler: 'handler',
      runtime: Runtime.NODEJS_22_X,
      ...base,
      description: 'Footfall predictor: POST /predict, GET /model',
      // No MODEL_PATH: the model ships beside the handler, which looks there first.
      environment: {
        POWERTOOLS_LOG_LEVEL: 'INFO',
      },
      projectRoot: REPO_DIR,
      depsLockFilePath: join(REPO_DIR, 'package-lock.json'),
      bundling: {
        // The same settings as `npm run build`, so the size report describes this asset.
        ...nodejsBundling(),
        define,
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          // Runs on this machine after esbuild; node instead of `cp` so it also works on Windows.
          afterBundling: (_inputDir: string, outputDir: string) => [
            `node -e "require('node:fs').copyFileSync(process.argv[1], process.argv[2])" "${modelPath}" "${join(outputDir, MODEL_FILE_NAME)}"`,
          ],
        },
      },
    });

    // #region live-alias-provisioned-concurrency
    this.alias = new Alias(this, 'LiveAlias', {
      aliasName: LIVE_ALIAS_NAME,
      version: this.function.currentVersion,
      ...(provisionedConcurrency > 0 ? { provisionedConcurrentExecutions: provisionedConcurrency } : {}),
    });
    // #endregion live-alias-provisioned-concurrency

    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Pinned on purpose to Node.js 22.x, the runtime the bundle is built for (esbuild target node22); upgrade Runtime and NODE_TARGET in @serverless-ai/lambda-kit/bundle together. The figures in docs/results were measured on Node.js 20 on a local machine (each file records its Node version), not on this runtime.',
    });
  }
}
