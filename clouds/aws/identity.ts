/**
 * Workload identity on EKS: each Kubernetes service account that needs the artifact store gets
 * its own IRSA role with least-privilege S3 and KMS permissions on that one bucket.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Key } from "@pulumi/aws/kms";
import type { Bucket } from "@pulumi/aws/s3";
import type { IdentityBinding, ObjectStoreAccess, WorkloadIdentityRequest } from "../../components/foundation";
import { AwsComponent, type AwsContext } from "./context";
import { irsaRole, type OidcProviderFacts } from "./irsa";

export interface WorkloadIdentityArgs {
    oidc: OidcProviderFacts;
    bucket: Bucket;
    key: Key;
}

const S3_ACTIONS: Record<ObjectStoreAccess, { bucket: string[]; objects: string[]; kms: string[] }> = {
    objectStoreRead: {
        bucket: ["s3:ListBucket", "s3:GetBucketLocation"],
        objects: ["s3:GetObject", "s3:GetObjectVersion"],
        kms: ["kms:Decrypt"],
    },
    objectStoreReadWrite: {
        bucket: ["s3:ListBucket", "s3:GetBucketLocation", "s3:ListBucketMultipartUploads"],
        objects: ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
        kms: ["kms:Decrypt", "kms:GenerateDataKey"],
    },
};

export class WorkloadIdentity extends AwsComponent {
    constructor(
        name: string,
        ctx: AwsContext,
        private readonly args: WorkloadIdentityArgs,
        opts: pulumi.ComponentResourceOptions,
    ) {
        super("WorkloadIdentity", name, ctx, opts);
        this.registerOutputs({});
    }

    bind(request: WorkloadIdentityRequest): IdentityBinding {
        const role = irsaRole(this.ctx, this.args.oidc, `${this.ctx.name}-${request.namespace}-${request.serviceAccount}`, {
            namespace: request.namespace,
            serviceAccount: request.serviceAccount,
            policy: this.objectStorePolicy(request.access),
        }, this);
        return irsaBinding(role.arn);
    }

    /** A role for any other AWS permissions a platform service account needs (e.g. the autoscaler). */
    bindPolicy(namespace: string, serviceAccount: string, policy: pulumi.Input<string>): IdentityBinding {
        const role = irsaRole(this.ctx, this.args.oidc, `${this.ctx.name}-${namespace}-${serviceAccount}`, { namespace, serviceAccount, policy }, this);
        return irsaBinding(role.arn);
    }

    private objectStorePolicy(access: ObjectStoreAccess): pulumi.Output<string> {
        const actions = S3_ACTIONS[access];
        const bucketArn = this.args.bucket.arn;
        return pulumi.jsonStringify({
            Version: "2012-10-17",
            Statement: [
                { Effect: "Allow", Action: actions.bucket, Resource: bucketArn },
                { Effect: "Allow", Action: actions.objects, Resource: pulumi.interpolate`${bucketArn}/*` },
                {
                    Effect: "Allow",
                    Action: actions.kms,
                    Resource: this.args.key.arn,
                    Condition: { StringEquals: { "kms:ViaService": `s3.${this.ctx.region}.amazonaws.com` } },
                },
            ],
        });
    }
}

function irsaBinding(roleArn: pulumi.Output<string>): IdentityBinding {
    return {
        serviceAccountAnnotations: roleArn.apply((arn): Record<string, string> => ({ "eks.amazonaws.com/role-arn": arn })),
        podLabels: {},
    };
}
