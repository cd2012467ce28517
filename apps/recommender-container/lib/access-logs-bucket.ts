/**
 * An S3 bucket for the load balancer's access logs: encrypted with S3-managed keys (the
 * only kind ALB log delivery supports), TLS-only, never public, expiring old logs, and
 * emptied on `cdk destroy` so the stack can be deleted.
 *
 * Edit this file to change log retention.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, type IConstruct } from 'constructs';

/** Props of `AccessLogsBucket`. */
export interface AccessLogsBucketProps {
  /** Days to keep logs. @default 30 */
  retentionDays?: number;
  /**
   * DESTROY also empties the bucket on delete (a CDK custom resource), after the load
   * balancer is gone (see `emptyAfterDeleting`), so `cdk destroy` succeeds.
   * @default RemovalPolicy.DESTROY — demo: DESTROY; use RETAIN in production
   */
  removalPolicy?: RemovalPolicy;
}

/** See the file header. */
export class AccessLogsBucket extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: AccessLogsBucketProps = {}) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.DESTROY; // demo: DESTROY; use RETAIN in production
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(props.retentionDays ?? 30) }],
      removalPolicy,
      // CloudFormation cannot delete a bucket that holds objects, and the load balancer keeps
      // writing logs into this one: without emptying it first, `cdk destroy` always fails.
      autoDeleteObjects: removalPolicy === RemovalPolicy.DESTROY,
    });
  }

  /**
   * Makes `writer` (the load balancer) be deleted before the bucket is emptied, so no log
   * lands in the bucket between emptying and deleting it. Only with `autoDeleteObjects`.
   */
  emptyAfterDeleting(writer: IConstruct): void {
    const emptier = this.bucket.node.tryFindChild('AutoDeleteObjectsCustomResource');
    if (emptier) writer.node.addDependency(emptier);
  }
}
