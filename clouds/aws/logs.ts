import type * as pulumi from "@pulumi/pulumi";
import { LogGroup } from "@pulumi/aws/cloudwatch";
import { tags, type AwsContext } from "./context";

/** A KMS-encrypted CloudWatch log group with bounded retention. */
export function encryptedLogGroup(
    ctx: AwsContext,
    resourceName: string,
    args: { name: pulumi.Input<string>; retentionInDays: number; kmsKeyArn: pulumi.Input<string> },
    opts: pulumi.CustomResourceOptions,
): LogGroup {
    return new LogGroup(
        resourceName,
        { name: args.name, retentionInDays: args.retentionInDays, kmsKeyId: args.kmsKeyArn, tags: tags(ctx) },
        opts,
    );
}
