/**
 * An S3 bucket for the load balancer's access logs: encrypted with S3-managed keys (the
 * only kind ALB log delivery supports), TLS-only, never public, and expiring old logs.
 *
 * Edit this file to change log retention.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** Props of `AccessLogsBucket`. */
export interface AccessLogsBucketProps {
  /** Days to keep logs. @default 30 */
  retentionDays?: number;
  /** @default RemovalPolicy.DESTROY — demo: DESTROY; use RETAIN in production (the bucket must be emptied first) */
  removalPolicy?: RemovalPolicy;
}

/** See the file header. */
export class AccessLogsBucket extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: AccessLogsBucketProps = {}) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(props.retentionDays ?? 30) }],
      removalPolicy: props.removalPolicy ?? RemovalPolicy.DESTROY, // demo: DESTROY; use RETAIN in production
    });
  }
}
