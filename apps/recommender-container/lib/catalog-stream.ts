/**
 * The shared catalog stream on AWS: a MemoryDB (Redis-compatible) cluster that every task
 * appends catalog writes to and tails (see src/state/redis-stream-log.ts).
 *
 * - In the VPC's private subnets, TLS in transit, one shard with a replica in another AZ.
 * - An ACL user limited to the service's keys and commands, whose password is generated in
 *   Secrets Manager and handed to the task as a secret (never in the template or the image).
 * - A security group that admits the Redis port only from the service's tasks.
 *
 * Durability: MemoryDB acknowledges a write once its Multi-AZ transaction log holds it, so
 * an acknowledged XADD survives the loss of a node (docs/recommender-container.md quotes AWS).
 *
 * Edit this file to change the cluster's size or access.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as memorydb from 'aws-cdk-lib/aws-memorydb';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

/** Redis port. */
export const CATALOG_STREAM_PORT = 6379;
/** The ACL user the service connects as. */
export const CATALOG_STREAM_USER = 'recommender';
/**
 * What the user may do: only keys under `recommender:`, only stream commands plus what the
 * client needs to connect (HELLO, AUTH, PING, cluster topology) and the trim script (EVAL
 * of GET/SET/XTRIM).
 */
export const CATALOG_STREAM_ACCESS = 'on ~recommender:* -@all +@stream +@connection +get +set +eval +evalsha +cluster|slots +cluster|shards +info';

/** Props of `CatalogStream`. */
export interface CatalogStreamProps {
  vpc: ec2.IVpc;
  /** Node type. @default 'db.t4g.small' — demo: the smallest Graviton node */
  nodeType?: string;
  /** Replicas per shard (each in another AZ). @default 1 */
  replicasPerShard?: number;
  /** @default RemovalPolicy.DESTROY — demo: DESTROY; use RETAIN (or a final snapshot) in production */
  removalPolicy?: RemovalPolicy;
}

/** See the file header. */
export class CatalogStream extends Construct {
  readonly cluster: memorydb.CfnCluster;
  /** Its security group: allow the service with `allowFrom`. */
  readonly securityGroup: ec2.SecurityGroup;
  /** The ACL user's password. */
  readonly password: secretsmanager.Secret;
  /** `rediss://recommender@<cluster endpoint>:6379`, for `CATALOG_STREAM_URL`. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: CatalogStreamProps) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.DESTROY; // demo: DESTROY; use RETAIN in production
    this.password = new secretsmanager.Secret(this, 'Password', {
      description: `Password of the MemoryDB user ${CATALOG_STREAM_USER} (the recommender's catalog stream)`,
      // MemoryDB passwords: 16 to 128 printable characters; no punctuation avoids URL and ACL quoting.
      generateSecretString: { passwordLength: 40, excludePunctuation: true },
      removalPolicy,
    });
    const user = new memorydb.CfnUser(this, 'User', {
      userName: CATALOG_STREAM_USER,
      accessString: CATALOG_STREAM_ACCESS,
      // A dynamic reference: CloudFormation reads the secret at deploy time; the template holds no password.
      authenticationMode: { Type: 'password', Passwords: [this.password.secretValue.unsafeUnwrap()] },
    });
    const acl = new memorydb.CfnACL(this, 'Acl', { aclName: 'recommender-catalog', userNames: [CATALOG_STREAM_USER] });
    acl.addDependency(user);
    const subnets = new memorydb.CfnSubnetGroup(this, 'Subnets', {
      subnetGroupName: 'recommender-catalog',
      description: 'Private subnets of the recommender catalog stream',
      subnetIds: props.vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }).subnetIds,
    });
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'Recommender catalog stream: Redis port from the service only',
      allowAllOutbound: false,
    });
    this.cluster = new memorydb.CfnCluster(this, 'Cluster', {
      clusterName: 'recommender-catalog',
      description: 'Shared catalog stream of the recommender (Redis Streams)',
      nodeType: props.nodeType ?? 'db.t4g.small',
      numShards: 1,
      numReplicasPerShard: props.replicasPerShard ?? 1,
      aclName: acl.aclName,
      tlsEnabled: true,
      port: CATALOG_STREAM_PORT,
      subnetGroupName: subnets.subnetGroupName,
      securityGroupIds: [this.securityGroup.securityGroupId],
      snapshotRetentionLimit: 1,
      autoMinorVersionUpgrade: true,
    });
    this.cluster.addDependency(acl);
    this.cluster.addDependency(subnets);
    this.cluster.applyRemovalPolicy(removalPolicy);
    this.url = `rediss://${CATALOG_STREAM_USER}@${this.cluster.attrClusterEndpointAddress}:${CATALOG_STREAM_PORT}`;
  }

  /** Opens the Redis port to `peer` (the service) and to nothing else. */
  allowFrom(peer: ec2.IConnectable): void {
    this.securityGroup.connections.allowFrom(peer, ec2.Port.tcp(CATALOG_STREAM_PORT), 'Redis from the recommender service');
  }
}
