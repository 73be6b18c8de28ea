/**
 * EKS control plane: private endpoint (public only from an allow-list), secrets encrypted with a
 * KMS key, control-plane logs, API authentication with explicit access entries and no implicit
 * creator admin, and an OIDC provider for IRSA.
 */
import * as pulumi from "@pulumi/pulumi";
import { AccessEntry, AccessPolicyAssociation, Cluster } from "@pulumi/aws/eks";
import { OpenIdConnectProvider, Role, RolePolicy, RolePolicyAttachment } from "@pulumi/aws/iam";
import type { Key } from "@pulumi/aws/kms";
import type { Subnet } from "@pulumi/aws/ec2";
import { SecurityGroupIngressRule } from "@pulumi/aws/vpc";
import type { AwsPlatformSpec } from "../../components/config";
import { eksCalendar, eksSupportWarning } from "../../components/config/clouds/aws";
import { AwsComponent, tags, type AwsContext } from "./context";
import type { OidcProviderFacts } from "./irsa";
import { eksKubeconfig } from "./kubeconfig";
import { encryptedLogGroup } from "./logs";

export interface ClusterArgs {
    clusterName: string;
    subnets: Subnet[];
    secretsKey: Key;
    logsKey: Key;
}

const CONTROL_PLANE_LOGS = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

export class EksCluster extends AwsComponent {
    readonly cluster: Cluster;
    readonly oidc: OidcProviderFacts;
    readonly kubeconfig: pulumi.Output<string>;
    /** Completed once every configured admin has cluster-admin: Kubernetes objects wait for it. */
    readonly adminAccess: AccessPolicyAssociation[];

    constructor(name: string, ctx: AwsContext, args: ClusterArgs, opts: pulumi.ComponentResourceOptions) {
        super("Cluster", name, ctx, opts);
        const spec = ctx.spec;
        const role = this.controlPlaneRole(name, args.secretsKey);
        // Created before the cluster so EKS does not make an unencrypted group without retention.
        const logGroup = encryptedLogGroup(
            ctx,
            `${name}-control-plane`,
            { name: `/aws/eks/${args.clusterName}/cluster`, retentionInDays: spec.cluster.logRetentionDays, kmsKeyArn: args.logsKey.arn },
            this.child(),
        );
        // The config refuses combinations that cannot reach the API (see aws.apiAccess).
        const publicEndpoint = spec.aws.apiAccess === "allowList";
        warnNearEndOfSupport(spec, this);
        this.cluster = new Cluster(
            name,
            {
                name: args.clusterName,
                version: spec.kubernetesVersion,
                roleArn: role.arn,
                vpcConfig: {
                    subnetIds: args.subnets.map((s) => s.id),
                    endpointPrivateAccess: true,
                    endpointPublicAccess: publicEndpoint,
                    publicAccessCidrs: publicEndpoint ? spec.cluster.apiAllowedCidrs : undefined,
                },
                kubernetesNetworkConfig: { ipFamily: "ipv4", serviceIpv4Cidr: spec.network.serviceCidr },
                encryptionConfig: { provider: { keyArn: args.secretsKey.arn }, resources: ["secrets"] },
                accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
                enabledClusterLogTypes: CONTROL_PLANE_LOGS,
                // The managed add-ons below replace the self-managed defaults.
                bootstrapSelfManagedAddons: false,
                deletionProtection: spec.protect,
                upgradePolicy: { supportType: spec.aws.upgradePolicy },
                tags: tags(ctx),
            },
            this.stateful({ dependsOn: [logGroup, ...role.attachments] }),
        );
        this.adminAccess = spec.aws.clusterAdmins.map((arn) => this.admin(name, arn));
        spec.cluster.privateApiAllowedCidrs.forEach((cidr, i) => this.privateApiAccess(`${name}-private-api-${i}`, cidr));

        const issuer = this.cluster.identities.apply((ids) => ids[0].oidcs[0].issuer);
        const provider = new OpenIdConnectProvider(
            name,
            { url: issuer, clientIdLists: ["sts.amazonaws.com"], tags: tags(ctx) },
            this.child(),
        );
        this.oidc = { arn: provider.arn, issuerHostPath: issuer.apply((url) => url.replace(/^https:\/\//, "")) };
        this.kubeconfig = eksKubeconfig({
            clusterName: this.cluster.name,
            endpoint: this.cluster.endpoint,
            certificateAuthority: this.cluster.certificateAuthority.data,
            region: ctx.region,
        });
        this.registerOutputs({ clusterName: this.cluster.name, endpoint: this.cluster.endpoint, oidcIssuer: issuer });
    }

    private controlPlaneRole(name: string, secretsKey: Key): { arn: pulumi.Output<string>; attachments: pulumi.Resource[] } {
        const role = new Role(
            `${name}-control-plane`,
            {
                assumeRolePolicy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Allow", Principal: { Service: "eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] }],
                }),
                tags: tags(this.ctx),
            },
            this.child(),
        );
        const attachments = ["AmazonEKSClusterPolicy", "AmazonEKSVPCResourceController"].map(
            (policy) =>
                new RolePolicyAttachment(
                    `${name}-control-plane-${policy}`,
                    { role: role.name, policyArn: pulumi.interpolate`arn:${this.ctx.partition}:iam::aws:policy/${policy}` },
                    this.child(),
                ),
        );
        // The key policy delegates to IAM, so the control plane needs its own grant to envelope-encrypt secrets.
        const keyAccess = new RolePolicy(
            `${name}-control-plane-secrets-key`,
            {
                role: role.id,
                policy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [
                        { Effect: "Allow", Action: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"], Resource: secretsKey.arn },
                    ],
                }),
            },
            this.child(),
        );
        return { arn: role.arn, attachments: [...attachments, keyAccess] };
    }

    /** The private endpoint admits only the cluster security group unless a range is let in here. */
    private privateApiAccess(name: string, cidr: string): void {
        new SecurityGroupIngressRule(
            name,
            {
                securityGroupId: this.cluster.vpcConfig.apply((c) => c.clusterSecurityGroupId!),
                cidrIpv4: cidr,
                ipProtocol: "tcp",
                fromPort: 443,
                toPort: 443,
                description: `Kubernetes API from ${cidr}`,
                tags: tags(this.ctx),
            },
            this.child(),
        );
    }

    /** An access entry with the cluster-admin access policy; named after the principal for stable URNs. */
    private admin(name: string, principalArn: string): AccessPolicyAssociation {
        const principal = principalArn.split("/").pop()!.toLowerCase();
        const entry = new AccessEntry(
            `${name}-admin-${principal}`,
            { clusterName: this.cluster.name, principalArn, type: "STANDARD", tags: tags(this.ctx) },
            this.child(),
        );
        return new AccessPolicyAssociation(
            `${name}-admin-${principal}`,
            {
                clusterName: this.cluster.name,
                principalArn: entry.principalArn,
                policyArn: pulumi.interpolate`arn:${this.ctx.partition}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy`,
                accessScope: { type: "cluster" },
            },
            this.child(),
        );
    }
}

/** The plan warns while there is still time to upgrade before the chosen support ends. */
function warnNearEndOfSupport(spec: AwsPlatformSpec, resource: pulumi.Resource): void {
    const warning = eksSupportWarning(spec.kubernetesVersion, spec.aws.upgradePolicy, eksCalendar.today());
    if (warning) void pulumi.log.warn(warning, resource);
}
