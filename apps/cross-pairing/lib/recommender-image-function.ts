/**
 * The movie recommender as a Lambda container image: the route Lambda gained after the
 * article (images up to 10 GB), deployed as a `DockerImageFunction` on arm64.
 *
 * What the image route changes, and what it does not (docs/contrast.md):
 * - dependencies: the 250 MB unzipped limit of a .zip becomes 10 GB, and the native addon
 *   ships in the image, built for the function's architecture (the arm64 one here);
 * - internal state: unchanged. The catalog is frozen into the image; a new movie means a new
 *   image, and every execution environment holds its own copy;
 * - cold starts: unchanged. Every new execution environment loads the catalog and index during
 *   init, within the same 10 s Init phase limit.
 *
 * Synthesised and checked (tests/recommender-image-stack.test.ts), never built here: `cdk deploy`
 * would run `docker build` on the staged folder (scripts/recommender-image.ts).
 */
import type { Duration } from 'aws-cdk-lib';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import { DockerImageCode, DockerImageFunction } from 'aws-cdk-lib/aws-lambda';
import type { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { baseFunctionProps } from '@serverless-ai/lambda-kit/cdk';

/** Options for `RecommenderImageFunction`. */
export interface RecommenderImageFunctionProps {
  /** The staged build context: the arm64 package plus its Dockerfile (`npm run build` writes dist/recommender-image). */
  readonly imageDir: string;
  /**
   * Memory in MB. Lambda allots CPU in proportion (1,769 MB = one vCPU); the init phase
   * (read and verify the artifacts, load the index) is CPU-bound and its data grows with
   * the catalog (about 70 MB at 100k movies, docs/results/contrast.json).
   * @default 2048
   */
  readonly memorySize?: number;
  /**
   * Bounds one invocation; a recommendation takes milliseconds once the index is loaded.
   * @default Duration.seconds(10)
   */
  readonly timeout?: Duration;
  /**
   * How long the function's logs are kept.
   * @default RetentionDays.TWO_WEEKS
   */
  readonly logRetention?: RetentionDays;
}

/** The recommender's container-image function, its role and its log group. */
export class RecommenderImageFunction extends Construct {
  readonly function: DockerImageFunction;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: RecommenderImageFunctionProps) {
    super(scope, id);
    // Log group (demo: DESTROY on delete), a role that may write to it and nothing else
    // (cdk-nag AwsSolutions-IAM4), arm64, memory and timeout: lambda-kit's shared defaults.
    const base = baseFunctionProps(this, { ...props, memorySize: props.memorySize ?? 2048, roleDescription: 'Movie recommender image: write its own logs, nothing else.' });
    this.logGroup = base.logGroup;

    this.function = new DockerImageFunction(this, 'Function', {
      // The image is built for linux/arm64 because the addon inside it is the arm64 build.
      code: DockerImageCode.fromImageAsset(props.imageDir, { platform: Platform.LINUX_ARM64 }),
      ...base,
      description: 'Movie recommender as a container image: POST /recommendations (cross-pairing experiment)',
      environment: { INDEX_MODE: 'snapshot', POWERTOOLS_LOG_LEVEL: 'INFO' },
    });
  }
}
