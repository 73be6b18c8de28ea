import { z } from "zod";
import type { Rule } from "../rule";

export type EksAddonName = "vpc-cni" | "coredns" | "kube-proxy" | "aws-ebs-csi-driver";

/**
 * EKS add-on versions pinned per Kubernetes version, so upgrades are deliberate. Look up new ones
 * with `aws eks describe-addon-versions --kubernetes-version <v> --addon-name <name>`.
 */
export const EKS_ADDON_VERSIONS: Readonly<Record<string, Readonly<Record<EksAddonName, string>>>> = {
    "1.34": {
        "vpc-cni": "v1.20.4-eksbuild.2",
        coredns: "v1.12.3-eksbuild.1",
        "kube-proxy": "v1.34.0-eksbuild.2",
        "aws-ebs-csi-driver": "v1.48.0-eksbuild.2",
    },
};

const ADDON_VERSION = /^v\d+\.\d+\.\d+-eksbuild\.\d+$/;

export const awsConfigSchema = z.strictObject({
    region: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, { message: "expected an AWS region such as us-east-1" }),
    /**
     * IAM principals granted cluster-admin through EKS access entries. The cluster creator gets no
     * implicit admin, so the role that runs `pulumi up` must be listed here.
     */
    clusterAdmins: z
        .array(
            z.string().regex(/^arn:aws(-[a-z]+)*:iam::\d{12}:(role|user)\/[\w+=,.@\/-]+$/, {
                message: "expected an IAM role or user ARN, e.g. arn:aws:iam::123456789012:role/platform-admin",
            }),
        )
        .min(1, { message: "list at least one IAM role ARN (include the role that runs pulumi up)" }),
    /**
     * EKS add-on versions. Defaults come from EKS_ADDON_VERSIONS for the cluster's Kubernetes
     * version; set all four when running a version that table does not pin.
     */
    addonVersions: z
        .strictObject({
            "vpc-cni": z.string().regex(ADDON_VERSION),
            coredns: z.string().regex(ADDON_VERSION),
            "kube-proxy": z.string().regex(ADDON_VERSION),
            "aws-ebs-csi-driver": z.string().regex(ADDON_VERSION),
        })
        .optional(),
});

export type AwsConfig = z.output<typeof awsConfigSchema>;

/** Limits EKS and EC2 put on the common keys. */
export const AWS_RULES: Rule[] = [
    (c) => (c.network.zoneCount < 2 ? { path: ["network", "zoneCount"], message: "EKS needs subnets in at least 2 availability zones" } : undefined),
    (c) =>
        c.aws && !c.aws.addonVersions && !EKS_ADDON_VERSIONS[c.kubernetesVersion]
            ? {
                  path: ["aws", "addonVersions"],
                  message: `no pinned EKS add-on versions for Kubernetes ${c.kubernetesVersion} (pinned: ${Object.keys(EKS_ADDON_VERSIONS).join(", ")}); set all four`,
              }
            : undefined,
    (c) =>
        c.cluster.nodePools.gpu?.accelerator === "nvidia-a100" && !c.cluster.nodePools.gpu.machineType
            ? { path: ["cluster", "nodePools", "gpu", "machineType"], message: "AWS offers A100s only in 8-GPU p4d instances: set machineType explicitly" }
            : undefined,
];
