/**
 * Pinned EKS managed add-ons. The CNI and kube-proxy must exist before nodes join; CoreDNS and
 * the EBS CSI driver need nodes to schedule on. The CNI and the CSI driver use IRSA roles.
 */
import * as pulumi from "@pulumi/pulumi";
import { Addon, type Cluster } from "@pulumi/aws/eks";
import type { EksAddonName } from "../../components/config/clouds/aws";
import { addonVersions } from "./addons";
import { AwsComponent, tags, type AwsContext } from "./context";
import { irsaRole, type OidcProviderFacts } from "./irsa";

export class EksAddons extends AwsComponent {
    /** Add-ons that node groups must wait for. */
    readonly beforeNodes: Addon[];
    private readonly versions: Readonly<Record<EksAddonName, string>>;

    constructor(
        private readonly resourceName: string,
        ctx: AwsContext,
        private readonly args: { cluster: Cluster; oidc: OidcProviderFacts },
        opts: pulumi.ComponentResourceOptions,
    ) {
        super("Addons", resourceName, ctx, opts);
        this.versions = addonVersions(ctx.spec);
        const cniRole = irsaRole(ctx, args.oidc, `${resourceName}-vpc-cni`, {
            namespace: "kube-system",
            serviceAccount: "aws-node",
            managedPolicies: ["AmazonEKS_CNI_Policy"],
        }, this);
        this.beforeNodes = [
            // Network policy enforcement makes the platform's NetworkPolicies effective on EKS.
            this.addon("vpc-cni", {
                serviceAccountRoleArn: cniRole.arn,
                configurationValues: JSON.stringify({ enableNetworkPolicy: "true", env: { ENABLE_PREFIX_DELEGATION: "true" } }),
            }),
            this.addon("kube-proxy", {}),
        ];
        this.registerOutputs({});
    }

    /** CoreDNS and the EBS CSI driver, created once nodes exist. Returns the CSI add-on. */
    /** CoreDNS and the EBS CSI driver, which run on nodes: both returned, so cluster users can wait for them. */
    afterNodes(nodes: pulumi.Resource[]): { coredns: Addon; csi: Addon } {
        const replicas = this.ctx.spec.environment === "production" ? 3 : 2;
        const coredns = this.addon("coredns", { configurationValues: JSON.stringify({ replicaCount: replicas }) }, nodes);
        const csiRole = irsaRole(this.ctx, this.args.oidc, `${this.resourceName}-ebs-csi`, {
            namespace: "kube-system",
            serviceAccount: "ebs-csi-controller-sa",
            managedPolicies: ["AmazonEBSCSIDriverPolicy"],
        }, this);
        const csi = this.addon("aws-ebs-csi-driver", { serviceAccountRoleArn: csiRole.arn }, nodes);
        return { coredns, csi };
    }

    private addon(
        addonName: EksAddonName,
        extra: { serviceAccountRoleArn?: pulumi.Input<string>; configurationValues?: string },
        dependsOn: pulumi.Resource[] = [],
    ): Addon {
        return new Addon(
            `${this.resourceName}-${addonName}`,
            {
                clusterName: this.args.cluster.name,
                addonName,
                addonVersion: this.versions[addonName],
                resolveConflictsOnCreate: "OVERWRITE",
                resolveConflictsOnUpdate: "OVERWRITE",
                ...extra,
                tags: tags(this.ctx),
            },
            this.child({ dependsOn }),
        );
    }
}
