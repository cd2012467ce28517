/**
 * The shared data directory on AWS: an encrypted EFS file system with one access point,
 * mounted at the same path into every task of the service. It holds only the index
 * snapshots (the catalog writes live in the MemoryDB stream), which is how a new task
 * starts from a snapshot and a short stream replay instead of rebuilding.
 *
 * Edit this file to change where the data lives or who may mount it.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import * as efs from 'aws-cdk-lib/aws-efs';
import { Construct } from 'constructs';

/** Props of `SharedDataVolume`. */
export interface SharedDataVolumeProps {
  vpc: ec2.IVpc;
  /** Folder on the file system the access point exposes as its root. @default '/recommender' */
  rootPath?: string;
  /** POSIX user and group the container runs as (the `node` user of the official image). @default 1000 */
  posixId?: number;
  /** @default RemovalPolicy.DESTROY — demo: DESTROY; use RETAIN in production (the stream is trimmed below its snapshots) */
  removalPolicy?: RemovalPolicy;
  /** Daily AWS Backup of the file system (EFS automatic backups). @default false — demo: off */
  automaticBackups?: boolean;
}

/** See the file header. */
export class SharedDataVolume extends Construct {
  readonly fileSystem: efs.FileSystem;
  readonly accessPoint: efs.AccessPoint;

  constructor(scope: Construct, id: string, props: SharedDataVolumeProps) {
    super(scope, id);
    const posixId = String(props.posixId ?? 1000);
    this.fileSystem = new efs.FileSystem(this, 'FileSystem', {
      vpc: props.vpc,
      encrypted: true,
      // Elastic throughput: start-up reads a whole snapshot at once, then traffic is tiny.
      throughputMode: efs.ThroughputMode.ELASTIC,
      performanceMode: efs.PerformanceMode.GENERAL_PURPOSE,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.DESTROY, // demo: DESTROY; use RETAIN in production
      enableAutomaticBackups: props.automaticBackups ?? false, // demo: off; on with retainData
    });
    // Said explicitly either way, so the template shows the choice rather than a service default.
    if (!props.automaticBackups) (this.fileSystem.node.defaultChild as efs.CfnFileSystem).backupPolicy = { status: 'DISABLED' };
    this.accessPoint = this.fileSystem.addAccessPoint('AccessPoint', {
      path: props.rootPath ?? '/recommender',
      createAcl: { ownerUid: posixId, ownerGid: posixId, permissions: '750' },
      posixUser: { uid: posixId, gid: posixId },
    });
  }

  /**
   * Mounts the access point at `containerPath` in `container`, opens NFS from the service's
   * security group, and lets the task role mount and write (IAM-authorised, TLS in transit).
   */
  mountInto(service: ecs.FargateService, container: ecs.ContainerDefinition, containerPath: string): void {
    const volumeName = 'shared-data';
    service.taskDefinition.addVolume({
      name: volumeName,
      efsVolumeConfiguration: {
        fileSystemId: this.fileSystem.fileSystemId,
        transitEncryption: 'ENABLED',
        authorizationConfig: { accessPointId: this.accessPoint.accessPointId, iam: 'ENABLED' },
      },
    });
    container.addMountPoints({ sourceVolume: volumeName, containerPath, readOnly: false });
    this.fileSystem.connections.allowDefaultPortFrom(service);
    this.fileSystem.grant(service.taskDefinition.taskRole, 'elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite');
  }
}
