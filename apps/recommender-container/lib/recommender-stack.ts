/**
 * The recommender on AWS: a Fargate service behind an Application Load Balancer, with the
 * shared catalog stream in MemoryDB, snapshots on EFS, an admin token in Secrets Manager,
 * and autoscaling.
 *
 *   Internet → ALB (access logs → S3) → Fargate tasks in private subnets (2 to 6)
 *                                          ↳ MemoryDB (TLS, ACL user): the catalog stream every task appends to and tails
 *                                          ↳ EFS access point at /mnt/data (index snapshots only)
 *                                          ↳ ADMIN_TOKEN and CATALOG_STREAM_PASSWORD from Secrets Manager
 *                                          ↳ logs → CloudWatch Logs (retention set)
 *
 * The stack is environment-agnostic (no account or region), so `cdk synth` works with no
 * credentials; the image is built from the repository root by `ContainerImage.fromAsset`,
 * which at synth time only stages the files (no Docker needed until deploy).
 *
 * Edit this file to change the service's shape; sizing lives in task-sizing.ts.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Annotations, CfnOutput, Duration, IgnoreMode, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { AccessLogsBucket } from './access-logs-bucket.js';
import { CatalogStream } from './catalog-stream.js';
import { SharedDataVolume } from './shared-data-volume.js';
import { sizeTaskForCatalog, type TaskSize } from './task-sizing.js';

const APP_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The Docker build context: the monorepo root, because the image needs two workspace packages. */
export const REPO_ROOT = resolve(APP_DIR, '../..');
/** The Dockerfile, relative to the build context. */
export const DOCKERFILE = 'apps/recommender-container/Dockerfile';

/** Port the container listens on. */
export const CONTAINER_PORT = 3002;
/** Where the EFS access point is mounted in the container (`DATA_DIR`). */
export const DATA_MOUNT_PATH = '/mnt/data';

/**
 * Exclude patterns for the image asset, read from `Dockerfile.dockerignore` so the Docker
 * CLI (which reads that file next to the Dockerfile) and CDK's staging agree.
 */
export function dockerContextExcludes(): string[] {
  return readFileSync(join(APP_DIR, 'Dockerfile.dockerignore'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/** Props of `RecommenderStack`. */
export interface RecommenderStackProps extends StackProps {
  /** Catalog the task is sized for (see `sizeTaskForCatalog`). */
  catalog: { movies: number; dimensions: number };
  /**
   * HNSW search breadth the service serves with (`SEARCH_EF`). Raise it for catalogs far
   * above 100k movies, where the default `ef` loses recall (docs/recommender-index.md).
   * @default unset: the snapshot's, else the index default
   */
  searchEf?: number;
  /**
   * ARN of an ACM certificate for the load balancer. Given: HTTPS on 443 (TLS 1.2+ policy)
   * and port 80 redirects to it. Absent: plain HTTP, and synth warns that the admin bearer
   * token would cross the internet in clear.
   * @default none (HTTP only: demo-only)
   */
  certificateArn?: string;
  /**
   * Keep the data volume when the stack is deleted, and back it up daily with AWS Backup.
   * @default false (demo: the volume is deleted with the stack and not backed up)
   */
  retainData?: boolean;
  /** Tasks kept running at least. @default 2 (the shared-data design is multi-replica) */
  minTasks?: number;
  /** Tasks autoscaling may add up to. @default 6 */
  maxTasks?: number;
  /** Days CloudWatch keeps container and flow logs. @default ONE_MONTH */
  logRetention?: logs.RetentionDays;
  /** Record the accepted cdk-nag findings. Only tests turn this off, to prove each one is still needed. @default true */
  acknowledgeNagFindings?: boolean;
}

/** See the file header. */
export class RecommenderStack extends Stack {
  /** The task size chosen from the catalog. */
  readonly taskSize: TaskSize;

  constructor(scope: Construct, id: string, props: RecommenderStackProps) {
    super(scope, id, props);
    const logRetention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;
    if (props.searchEf !== undefined && (!Number.isInteger(props.searchEf) || props.searchEf < 1)) {
      throw new RangeError(`searchEf must be a positive integer, got ${props.searchEf}`);
    }
    this.taskSize = sizeTaskForCatalog(props.catalog.movies, props.catalog.dimensions);

    // Network: two AZs, one NAT gateway (demo cost; one per AZ in production), flow logs on.
    const vpc = new ec2.Vpc(this, 'Vpc', { maxAzs: 2, natGateways: 1 });
    vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(
        new logs.LogGroup(this, 'FlowLogGroup', { retention: logRetention, removalPolicy: RemovalPolicy.DESTROY }), // demo: DESTROY; use RETAIN in production
      ),
      trafficType: ec2.FlowLogTrafficType.ALL,
    });

    const cluster = new ecs.Cluster(this, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
    const data = new SharedDataVolume(this, 'SharedData', {
      vpc,
      ...(props.retainData ? { removalPolicy: RemovalPolicy.RETAIN, automaticBackups: true } : {}),
    });
    const adminToken = new secretsmanager.Secret(this, 'AdminToken', {
      description: 'Bearer token for POST /movies and DELETE /movies/:id of the recommender',
      generateSecretString: { passwordLength: 40, excludePunctuation: true },
      removalPolicy: RemovalPolicy.DESTROY, // demo: DESTROY; use RETAIN in production
    });
    const catalogStream = new CatalogStream(this, 'CatalogStream', { vpc });
    const logGroup = new logs.LogGroup(this, 'ServiceLogs', { retention: logRetention, removalPolicy: RemovalPolicy.DESTROY }); // demo: DESTROY; use RETAIN in production

    const service = new ecsPatterns.ApplicationLoadBalancedFargateService(this, 'Service', {
      cluster,
      cpu: this.taskSize.cpu,
      memoryLimitMiB: this.taskSize.memoryLimitMiB,
      // No desiredCount: with autoscaling, a fixed one would reset the running task count on
      // every deploy. Left unset, CloudFormation starts the service at 1 and keeps the current
      // count on updates; the scalable target below raises it to minTasks (CDK docs: desiredCount).
      publicLoadBalancer: true,
      ...(props.certificateArn
        ? {
            certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn),
            protocol: elbv2.ApplicationProtocol.HTTPS,
            sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
            redirectHTTP: true,
          }
        : {}),
      circuitBreaker: { rollback: true },
      minHealthyPercent: 100,
      // Start-up loads a snapshot in seconds, but a rebuild at 100k+ movies can take a minute.
      healthCheckGracePeriod: Duration.minutes(3),
      taskImageOptions: {
        image: ecs.ContainerImage.fromAsset(REPO_ROOT, {
          file: DOCKERFILE,
          exclude: dockerContextExcludes(),
          ignoreMode: IgnoreMode.DOCKER,
          platform: Platform.LINUX_AMD64,
        }),
        containerPort: CONTAINER_PORT,
        environment: {
          RECOMMENDER_PORT: String(CONTAINER_PORT),
          DATA_DIR: DATA_MOUNT_PATH,
          CATALOG_STREAM_URL: catalogStream.url,
          CATALOG_STREAM_CLUSTER: 'true',
          SNAPSHOT_EVERY_UPDATES: '1000',
          SNAPSHOT_INTERVAL_MS: '60000',
          SHUTDOWN_TIMEOUT_MS: '20000',
          LOG_LEVEL: 'info',
          ...(props.searchEf === undefined ? {} : { SEARCH_EF: String(props.searchEf) }),
        },
        secrets: { ADMIN_TOKEN: ecs.Secret.fromSecretsManager(adminToken), CATALOG_STREAM_PASSWORD: ecs.Secret.fromSecretsManager(catalogStream.password) },
        logDriver: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: 'recommender' }),
      },
    });
    const container = service.taskDefinition.defaultContainer!;
    data.mountInto(service.service, container, DATA_MOUNT_PATH);
    catalogStream.allowFrom(service.service);

    // The load balancer asks /readyz: a task loading its index or draining gets no traffic,
    // but is not killed (ECS's own container check uses /healthz, below).
    service.targetGroup.configureHealthCheck({
      path: '/readyz',
      interval: Duration.seconds(10),
      timeout: Duration.seconds(5),
      healthyThresholdCount: 2,
      unhealthyThresholdCount: 3,
    });
    service.targetGroup.setAttribute('deregistration_delay.timeout_seconds', '20');
    (service.taskDefinition.node.defaultChild as ecs.CfnTaskDefinition).addPropertyOverride('ContainerDefinitions.0.StopTimeout', 30);
    (service.taskDefinition.node.defaultChild as ecs.CfnTaskDefinition).addPropertyOverride('ContainerDefinitions.0.HealthCheck', {
      Command: ['CMD', 'node', '-e', `fetch('http://127.0.0.1:${CONTAINER_PORT}/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`],
      Interval: 15,
      Timeout: 5,
      Retries: 3,
      StartPeriod: 60,
    });

    const accessLogs = new AccessLogsBucket(this, 'AlbAccessLogs');
    service.loadBalancer.logAccessLogs(accessLogs.bucket, 'alb');
    accessLogs.emptyAfterDeleting(service.loadBalancer);

    if (!props.certificateArn) {
      Annotations.of(this).addWarningV2(
        '@serverless-ai/recommender-container:plain-http',
        'No certificate ARN (-c certificateArn=arn:aws:acm:…): the load balancer listens on plain HTTP, so the admin API (POST/DELETE /movies) and its bearer token cross the internet in clear. Do not use the admin API this way outside a throwaway demo.',
      );
    }

    const scaling = service.service.autoScaleTaskCount({ minCapacity: props.minTasks ?? 2, maxCapacity: props.maxTasks ?? 6 });
    scaling.scaleOnCpuUtilization('CpuScaling', { targetUtilizationPercent: 60, scaleOutCooldown: Duration.seconds(60), scaleInCooldown: Duration.seconds(300) });
    scaling.scaleOnRequestCount('RequestScaling', { targetGroup: service.targetGroup, requestsPerTarget: 3000 });

    new CfnOutput(this, 'AdminTokenSecretArn', { value: adminToken.secretArn, description: 'aws secretsmanager get-secret-value --secret-id <this> --query SecretString' });
    new CfnOutput(this, 'TaskSize', { value: `${this.taskSize.cpu} CPU units, ${this.taskSize.memoryLimitMiB} MiB (estimated need ${this.taskSize.estimate.requiredMiB} MiB)` });

    if (props.acknowledgeNagFindings ?? true) this.acknowledgeNagFindings(service, accessLogs, adminToken, catalogStream);
  }

  /** cdk-nag findings this demo accepts, each with its reason. */
  private acknowledgeNagFindings(
    service: ecsPatterns.ApplicationLoadBalancedFargateService,
    accessLogs: AccessLogsBucket,
    adminToken: secretsmanager.Secret,
    catalogStream: CatalogStream,
  ): void {
    Validations.of(service.loadBalancer).acknowledge({
      id: 'AwsSolutions-EC23',
      reason: 'The load balancer is the public entry point of a demo API: it must accept HTTP from anywhere. Tasks accept traffic only from the load balancer.',
    });
    Validations.of(service.taskDefinition).acknowledge({
      id: 'AwsSolutions-ECS2',
      reason: 'The environment variables are non-secret settings (port, data path, the MemoryDB endpoint without its password, intervals); the admin token and the MemoryDB password come from Secrets Manager.',
    });
    Validations.of(service.taskDefinition.obtainExecutionRole()).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'ecr:GetAuthorizationToken has no resource-level permissions; it must be granted on "*". Image pulls themselves are scoped to the asset repository.',
    });
    Validations.of(accessLogs.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This bucket receives the load balancer access logs; logging access to the log bucket itself would recurse.',
    });
    Validations.of(catalogStream.password).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'Rotating the MemoryDB user password needs a rotation Lambda that updates the user and the running tasks together; for a demo it is rotated by hand (new secret value, update the MemoryDB user, force-new-deployment).',
    });
    Validations.of(adminToken).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'A static bearer token for a workshop demo; rotation would need a rotation Lambda and a redeploy. Rotate by hand with put-secret-value + force-new-deployment.',
    });
  }
}
