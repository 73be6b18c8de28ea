/**
 * Customer-managed KMS keys: one for EKS secrets envelope encryption, one for data at rest
 * (RDS, Performance Insights, ElastiCache, S3, CloudWatch Logs). Rotation is always on.
 */
import * as pulumi from "@pulumi/pulumi";
import { Alias, Key } from "@pulumi/aws/kms";
import { AwsComponent, tags, type AwsContext } from "./context";

export class Keys extends AwsComponent {
    readonly clusterSecrets: Key;
    readonly data: Key;

    constructor(name: string, ctx: AwsContext, opts: pulumi.ComponentResourceOptions) {
        super("Keys", name, ctx, opts);
        this.clusterSecrets = this.key(`${name}-eks-secrets`, "EKS Kubernetes secrets envelope encryption", accountRootPolicy(ctx));
        this.data = this.key(`${name}-data`, "Data at rest: RDS, ElastiCache, S3 artifacts, CloudWatch Logs", dataKeyPolicy(ctx));
        this.registerOutputs({ clusterSecretsKeyArn: this.clusterSecrets.arn, dataKeyArn: this.data.arn });
    }

    private key(name: string, description: string, policy: pulumi.Output<string>): Key {
        const key = new Key(
            name,
            {
                description: `${this.ctx.name}: ${description}`,
                enableKeyRotation: true,
                rotationPeriodInDays: 365,
                deletionWindowInDays: this.ctx.spec.protect ? 30 : 7,
                policy,
                tags: tags(this.ctx),
            },
            this.stateful(),
        );
        new Alias(name, { name: `alias/${name}`, targetKeyId: key.keyId }, this.child());
        return key;
    }
}

/** The account keeps administrative control; IAM policies grant use. */
function accountRootPolicy(ctx: AwsContext): pulumi.Output<string> {
    return pulumi.jsonStringify({ Version: "2012-10-17", Statement: [rootStatement(ctx)] });
}

/** CloudWatch Logs encrypts with the key only when the key policy names the service. */
function dataKeyPolicy(ctx: AwsContext): pulumi.Output<string> {
    return pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
            rootStatement(ctx),
            {
                Sid: "CloudWatchLogs",
                Effect: "Allow",
                Principal: { Service: `logs.${ctx.region}.amazonaws.com` },
                Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
                Resource: "*",
                Condition: {
                    ArnLike: {
                        "kms:EncryptionContext:aws:logs:arn": pulumi.interpolate`arn:${ctx.partition}:logs:${ctx.region}:${ctx.accountId}:*`,
                    },
                },
            },
        ],
    });
}

function rootStatement(ctx: AwsContext) {
    return {
        Sid: "AccountAdministration",
        Effect: "Allow",
        Principal: { AWS: pulumi.interpolate`arn:${ctx.partition}:iam::${ctx.accountId}:root` },
        Action: "kms:*",
        Resource: "*",
    };
}
