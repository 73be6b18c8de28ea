/**
 * IAM roles for Kubernetes service accounts (IRSA): a role only the named service account can
 * assume, through the cluster's OIDC provider. No static keys anywhere.
 */
import * as pulumi from "@pulumi/pulumi";
import { Role, RolePolicy, RolePolicyAttachment } from "@pulumi/aws/iam";
import { tags, type AwsContext } from "./context";

export interface OidcProviderFacts {
    arn: pulumi.Output<string>;
    /** Issuer URL without the scheme, as IAM condition keys use it. */
    issuerHostPath: pulumi.Output<string>;
}

export interface IrsaRoleArgs {
    namespace: string;
    serviceAccount: string;
    /** AWS-managed policies by name, e.g. AmazonEBSCSIDriverPolicy. */
    managedPolicies?: string[];
    /** An inline policy document. */
    policy?: pulumi.Input<string>;
}

export interface IrsaRole {
    role: Role;
    /** The role's ARN, resolved once its policies are attached: users of it wait for the grants. */
    arn: pulumi.Output<string>;
}

export function irsaRole(ctx: AwsContext, oidc: OidcProviderFacts, name: string, args: IrsaRoleArgs, parent: pulumi.Resource): IrsaRole {
    const opts = { parent, provider: ctx.provider };
    const role = new Role(
        name,
        {
            // IAM role names stop at 64 characters; a prefix (at most 38) leaves room for AWS's suffix.
            namePrefix: `${name.slice(0, 37)}-`,
            description: `IRSA for ${args.namespace}/${args.serviceAccount} in ${ctx.name}`,
            assumeRolePolicy: pulumi.jsonStringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Federated: oidc.arn },
                        Action: "sts:AssumeRoleWithWebIdentity",
                        Condition: {
                            StringEquals: oidc.issuerHostPath.apply((issuer) => ({
                                [`${issuer}:sub`]: `system:serviceaccount:${args.namespace}:${args.serviceAccount}`,
                                [`${issuer}:aud`]: "sts.amazonaws.com",
                            })),
                        },
                    },
                ],
            }),
            tags: tags(ctx),
        },
        opts,
    );
    const grants: pulumi.CustomResource[] = (args.managedPolicies ?? []).map(
        (policy) =>
            new RolePolicyAttachment(
                `${name}-${policy}`,
                { role: role.name, policyArn: pulumi.interpolate`arn:${ctx.partition}:iam::aws:policy/${policy}` },
                opts,
            ),
    );
    if (args.policy) grants.push(new RolePolicy(name, { role: role.id, policy: args.policy }, opts));
    const arn = pulumi.all([role.arn, ...grants.map((g) => g.urn)]).apply(([roleArn]) => roleArn);
    return { role, arn };
}
