import { z } from "zod";
import { overlaps, parseCidr } from "../cidr";
import { uniqueList } from "../fields";
import { AWS_REGIONS, closest } from "../regions";
import type { Problem, ResolvedConfig, Rule } from "../rule";
import { drRegionField } from "../resilience";

export type EksAddonName = "vpc-cni" | "coredns" | "kube-proxy" | "aws-ebs-csi-driver";

/**
 * EKS add-on versions pinned per Kubernetes version, so upgrades are deliberate. Look up new ones
 * with `aws eks describe-addon-versions --kubernetes-version <v> --addon-name <name>`.
 * 1.35: kube-proxy and CoreDNS from the EKS user guide's per-version tables (managing-kube-proxy,
 * managing-coredns); vpc-cni and the EBS CSI driver as deployed on a public 1.35 cluster config.
 */
export const EKS_ADDON_VERSIONS: Readonly<Record<string, Readonly<Record<EksAddonName, string>>>> = {
    "1.34": {
        "vpc-cni": "v1.20.4-eksbuild.2",
        coredns: "v1.12.3-eksbuild.1",
        "kube-proxy": "v1.34.0-eksbuild.2",
        "aws-ebs-csi-driver": "v1.48.0-eksbuild.2",
    },
    "1.35": {
        "vpc-cni": "v1.21.1-eksbuild.3",
        coredns: "v1.13.2-eksbuild.4",
        "kube-proxy": "v1.35.3-eksbuild.2",
        "aws-ebs-csi-driver": "v1.57.1-eksbuild.1",
    },
};

/**
 * End of EKS standard support per minor (the EKS Kubernetes release calendar). Extended support
 * lasts 12 months more; with upgradePolicy STANDARD, EKS upgrades the control plane itself on
 * this date, and the next `pulumi up` would try to go back.
 */
export const EKS_END_OF_STANDARD_SUPPORT: Readonly<Record<string, string>> = {
    "1.32": "2026-03-23",
    "1.33": "2026-07-29",
    "1.34": "2026-12-02",
    "1.35": "2027-03-27",
};

/** How long before the end of support the plan starts warning. */
export const SUPPORT_WARNING_DAYS = 60;

/** Today's date for the support checks; tests replace `today` to plan on another day. */
export const eksCalendar = { today: (): Date => new Date() };

export type UpgradePolicy = "STANDARD" | "EXTENDED";

export interface SupportWindow {
    standardEnds: Date;
    extendedEnds: Date;
}

export function supportWindow(version: string): SupportWindow | undefined {
    const end = EKS_END_OF_STANDARD_SUPPORT[version];
    if (!end) return undefined;
    const standardEnds = new Date(`${end}T00:00:00Z`);
    const extendedEnds = new Date(standardEnds);
    extendedEnds.setUTCFullYear(extendedEnds.getUTCFullYear() + 1);
    return { standardEnds, extendedEnds };
}

const DAY_MS = 24 * 60 * 60 * 1000;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** The date the chosen support ends for this version, or undefined for a minor the table lacks. */
function supportEnds(version: string, policy: UpgradePolicy): Date | undefined {
    const window = supportWindow(version);
    return window && (policy === "EXTENDED" ? window.extendedEnds : window.standardEnds);
}

/** A warning when the chosen support for the version ends within SUPPORT_WARNING_DAYS. */
export function eksSupportWarning(version: string, policy: UpgradePolicy, today: Date): string | undefined {
    const ends = supportEnds(version, policy);
    if (!ends || today >= ends) return undefined;
    const days = Math.ceil((ends.getTime() - today.getTime()) / DAY_MS);
    if (days > SUPPORT_WARNING_DAYS) return undefined;
    const kind = policy === "EXTENDED" ? "extended" : "standard";
    return `EKS ${kind} support for Kubernetes ${version} ends on ${isoDay(ends)} (in ${days} day${days === 1 ? "" : "s"}): raise ml-platform:kubernetesVersion before then`;
}

function versionSupportProblem(c: ResolvedConfig, today: Date): Problem | undefined {
    if (!c.aws) return undefined;
    const version = c.kubernetesVersion;
    const window = supportWindow(version);
    const known = Object.keys(EKS_END_OF_STANDARD_SUPPORT).join(", ");
    if (!window) {
        return { path: ["kubernetesVersion"], message: `EKS support dates for Kubernetes ${version} are unknown (known: ${known}); add them to EKS_END_OF_STANDARD_SUPPORT` };
    }
    if (today >= window.extendedEnds) {
        return { path: ["kubernetesVersion"], message: `EKS support for Kubernetes ${version}, extended included, ended on ${isoDay(window.extendedEnds)}` };
    }
    if (today >= window.standardEnds && c.aws.upgradePolicy !== "EXTENDED") {
        return {
            path: ["kubernetesVersion"],
            message:
                `EKS standard support for Kubernetes ${version} ended on ${isoDay(window.standardEnds)}: choose a newer version, ` +
                `or set ml-platform:aws.upgradePolicy to EXTENDED to pay for extended support until ${isoDay(window.extendedEnds)}`,
        };
    }
    return undefined;
}

const ADDON_VERSION = /^v\d+\.\d+\.\d+-eksbuild\.\d+$/;

export const awsConfigSchema = z.strictObject({
    region: z.string().refine((r) => AWS_REGIONS.includes(r), {
        error: (issue) => `expected an AWS region such as us-east-1; the closest are ${closest(String(issue.input), AWS_REGIONS).join(", ")}`,
    }),
    /** The second region: replicated database backups and the artifact replica (see ../resilience.ts). */
    drRegion: drRegionField,
    /**
     * IAM principals granted cluster-admin through EKS access entries. The cluster creator gets no
     * implicit admin, so the role that runs `pulumi up` must be listed here.
     */
    clusterAdmins: uniqueList(
        z
            .array(
                z.string().regex(/^arn:aws(-[a-z]+)*:iam::\d{12}:(role|user)\/[\w+=,.@\/-]+$/, {
                    message: "expected an IAM role or user ARN, e.g. arn:aws:iam::123456789012:role/platform-admin",
                }),
            )
            .min(1, { message: "list at least one IAM role ARN (include the role that runs pulumi up)" }),
    ),
    /**
     * How the deployer reaches the cluster API. private: no public endpoint; runners inside or
     * connected to the VPC are admitted by cluster.privateApiAllowedCidrs. allowList: a public
     * endpoint restricted to cluster.apiAllowedCidrs, plus the private endpoint.
     */
    apiAccess: z.enum(["private", "allowList"]).default("private"),
    /**
     * The cluster's upgradePolicy.supportType. STANDARD: EKS upgrades the control plane at the end
     * of standard support. EXTENDED: stay on the version for 12 more months, at extra cost.
     */
    upgradePolicy: z.enum(["STANDARD", "EXTENDED"]).default("STANDARD"),
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

const EKS_SERVICE_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"];

/** The API access mode and the two allow-lists must be a combination that can reach the API. */
function apiAccessProblem(c: ResolvedConfig): Problem | undefined {
    if (!c.aws) return undefined;
    const { apiAllowedCidrs, privateApiAllowedCidrs } = c.cluster;
    if (c.aws.apiAccess === "private" && apiAllowedCidrs.length > 0) {
        return {
            path: ["cluster", "apiAllowedCidrs"],
            message: 'must be empty when ml-platform:aws.apiAccess is "private": a private EKS endpoint has no public allow-list, so these ranges would be ignored (set aws.apiAccess to "allowList" to use them)',
        };
    }
    if (c.aws.apiAccess === "private" && privateApiAllowedCidrs.length === 0) {
        return {
            path: ["cluster", "privateApiAllowedCidrs"],
            message: 'must list the deploying runner\'s range when ml-platform:aws.apiAccess is "private": otherwise nothing outside the cluster can reach the API to install the platform layer',
        };
    }
    if (c.aws.apiAccess === "allowList" && apiAllowedCidrs.length === 0) {
        return {
            path: ["cluster", "apiAllowedCidrs"],
            message: 'must list the runner ranges allowed to the public endpoint when ml-platform:aws.apiAccess is "allowList"',
        };
    }
    return undefined;
}

/**
 * Whether the EKS calendar knows the minor. Rules that look up pins for the minor (add-ons, the
 * cluster-autoscaler image) stay silent for an unknown one, so it gets one message, not three.
 */
export const eksKnowsVersion = (version: string): boolean => supportWindow(version) !== undefined;

/** Limits EKS and EC2 put on the common keys. */
export const AWS_RULES: Rule[] = [
    (c) => (c.network.zoneCount < 2 ? { path: ["network", "zoneCount"], message: "EKS needs subnets in at least 2 availability zones" } : undefined),
    (c) =>
        c.aws && eksKnowsVersion(c.kubernetesVersion) && !c.aws.addonVersions && !EKS_ADDON_VERSIONS[c.kubernetesVersion]
            ? {
                  path: ["aws", "addonVersions"],
                  message: `no pinned EKS add-on versions for Kubernetes ${c.kubernetesVersion} (pinned: ${Object.keys(EKS_ADDON_VERSIONS).join(", ")}); set all four`,
              }
            : undefined,
    (c) => versionSupportProblem(c, eksCalendar.today()),
    apiAccessProblem,
    (c) =>
        c.cluster.nodePools.gpu?.accelerator === "nvidia-a100" && !c.cluster.nodePools.gpu.machineType
            ? { path: ["cluster", "nodePools", "gpu", "machineType"], message: "AWS offers A100s only in 8-GPU p4d instances: set machineType explicitly" }
            : undefined,
    (c) =>
        EKS_SERVICE_RANGES.some((range) => within(c.network.serviceCidr, range))
            ? undefined
            : { path: ["network", "serviceCidr"], message: `EKS needs the service range inside ${EKS_SERVICE_RANGES.join(", ")}` },
];

function within(cidr: string, range: string): boolean {
    const parsed = parseCidr(cidr);
    const outer = parseCidr(range);
    if (!parsed || !outer) return false;
    return parsed.prefix >= outer.prefix && overlaps(cidr, range);
}
