import type * as pulumi from "@pulumi/pulumi";
import { SecurityGroup } from "@pulumi/aws/ec2";
import { SecurityGroupIngressRule } from "@pulumi/aws/vpc";
import { tags, type AwsContext } from "./context";

/** A security group that admits one TCP port from the cluster's security group only, and sends nothing out. */
export function clusterOnlySecurityGroup(
    ctx: AwsContext,
    name: string,
    args: { vpcId: pulumi.Input<string>; port: number; clusterSecurityGroupId: pulumi.Input<string>; description: string },
    opts: pulumi.CustomResourceOptions,
): SecurityGroup {
    const group = new SecurityGroup(
        name,
        { vpcId: args.vpcId, description: args.description, egress: [], tags: tags(ctx, { Name: name }) },
        opts,
    );
    new SecurityGroupIngressRule(
        name,
        {
            securityGroupId: group.id,
            referencedSecurityGroupId: args.clusterSecurityGroupId,
            ipProtocol: "tcp",
            fromPort: args.port,
            toPort: args.port,
            description: "From the EKS cluster's nodes and pods",
            tags: tags(ctx),
        },
        opts,
    );
    return group;
}
