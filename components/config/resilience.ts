/**
 * Disaster recovery and cost config: the second region each cloud's backups and artifact replicas
 * live in (`aws.drRegion`, `gcp.drRegion`, `azure.drLocation`, kept next to the primary region),
 * and the stack's budget (`budget`). The second region is checked against the
 * region tables of ./regions.ts, like the primary.
 */
import { z } from "zod";
import { AWS_REGIONS, closest, GCP_ZONES } from "./regions";
import type { Problem, ResolvedConfig, Rule } from "./rule";

/**
 * Azure's region pairs (https://learn.microsoft.com/azure/reliability/cross-region-replication-azure,
 * "Azure paired regions", read 2026-12). Geo-redundant PostgreSQL backups and GZRS storage copy to
 * the pair and nowhere else, so the second location must be the primary's pair. Regions without a
 * pair (e.g. polandcentral, italynorth) are absent: they offer neither.
 */
export const AZURE_PAIRED_REGIONS: Readonly<Record<string, string>> = {
    westeurope: "northeurope",
    northeurope: "westeurope",
    uksouth: "ukwest",
    ukwest: "uksouth",
    francecentral: "francesouth",
    germanywestcentral: "germanynorth",
    swedencentral: "swedensouth",
    norwayeast: "norwaywest",
    switzerlandnorth: "switzerlandwest",
    eastus: "westus",
    westus: "eastus",
    eastus2: "centralus",
    centralus: "eastus2",
    westus2: "westcentralus",
    westus3: "eastus",
    northcentralus: "southcentralus",
    southcentralus: "northcentralus",
    canadacentral: "canadaeast",
    canadaeast: "canadacentral",
    brazilsouth: "southcentralus",
    australiaeast: "australiasoutheast",
    australiasoutheast: "australiaeast",
    southeastasia: "eastasia",
    eastasia: "southeastasia",
    japaneast: "japanwest",
    japanwest: "japaneast",
    koreacentral: "koreasouth",
    centralindia: "southindia",
    southindia: "centralindia",
    uaenorth: "uaecentral",
    southafricanorth: "southafricawest",
};

/**
 * The second region production takes when the stack names none, for primaries whose partner is
 * known to work: Azure's pair; for AWS only pairs RDS backup replication is documented to serve
 * (us-east-1 into us-west-2, USER_ReplicateBackups "describe-source-regions"); for GCP partners in
 * the same geography. Any other primary must set the key.
 */
export const DEFAULT_SECOND_REGIONS: { readonly aws: Readonly<Record<string, string>>; readonly gcp: Readonly<Record<string, string>> } = {
    aws: { "us-east-1": "us-west-2", "us-west-2": "us-east-1" },
    gcp: { "europe-west4": "europe-west1", "europe-west1": "europe-west4", "us-central1": "us-east1", "us-east1": "us-central1" },
};

/** The second-region keys, one per cloud section. */
export const drRegionField = z.string().min(1).optional();

/** Budget alert thresholds, percent of the monthly amount (AWS accepts at most 10 notifications per budget). */
const thresholds = z.array(z.number().int().min(1).max(1000)).max(5);

export const budgetSchema = z.strictObject({
    /**
     * The stack's monthly budget in the billing account's currency (AWS Budgets: USD). Required: a
     * budget is part of every stack.
     */
    monthlyAmount: z.number().positive().max(100_000_000),
    /** Notify when actual spend passes these percentages of the amount. */
    actualThresholds: thresholds.default([50, 80, 100]),
    /** Notify when the month's forecast passes these percentages. */
    forecastThresholds: thresholds.default([100]),
    /** Who the budgets notify: the platform team's alert addresses. */
    contactEmails: z.array(z.email({ message: "expected an e-mail address" })).min(1, { message: "list at least one address to notify" }).max(10),
    /**
     * AWS only: activate the platform's tags as cost allocation tags. Only the payer (management)
     * account may, and only once billing has seen the tags (up to 24 h after the first `up`), so it
     * starts off: turn it on in a later `up` from the payer account.
     */
    activateCostAllocationTags: z.boolean().default(false),
    /** GCP only: the Cloud Billing account the project bills to (three groups of six hex digits, e.g. `012345-6789AB-CDEF01`); required on GCP. */
    gcpBillingAccount: z
        .string()
        .regex(/^[0-9A-F]{6}-[0-9A-F]{6}-[0-9A-F]{6}$/, { message: "expected a billing account ID such as 012345-6789AB-CDEF01" })
        .optional(),
});

export type BudgetConfig = z.output<typeof budgetSchema>;

/** The second region the selected cloud's section names, with its key for messages. */
export function drRegionOf(c: Pick<ResolvedConfig, "cloud" | "aws" | "gcp" | "azure">): { key: string[]; region?: string; primary?: string } {
    switch (c.cloud) {
        case "aws":
            return { key: ["aws", "drRegion"], region: c.aws?.drRegion, primary: c.aws?.region };
        case "gcp":
            return { key: ["gcp", "drRegion"], region: c.gcp?.drRegion, primary: c.gcp?.region };
        case "azure":
            return { key: ["azure", "drLocation"], region: c.azure?.drLocation, primary: c.azure?.location };
    }
}

/** The second region is checked against the same tables as the primary (./regions.ts). */
const REGION_LISTS = { aws: AWS_REGIONS, gcp: Object.keys(GCP_ZONES) } as const;

type RegionSections = Pick<ResolvedConfig, "cloud" | "environment" | "aws" | "gcp" | "azure">;

/**
 * The second region a stack uses: the one its cloud section names, else in production the
 * primary's default partner (DEFAULT_SECOND_REGIONS, Azure's pair); none in staging unless named.
 */
export function secondRegionOf(c: RegionSections): string | undefined {
    const { region, primary } = drRegionOf(c);
    if (region !== undefined || c.environment !== "production" || primary === undefined) return region;
    return c.cloud === "azure" ? AZURE_PAIRED_REGIONS[primary] : DEFAULT_SECOND_REGIONS[c.cloud][primary];
}

function secondRegionProblem(c: ResolvedConfig): Problem | undefined {
    const { key, primary } = drRegionOf(c);
    const region = secondRegionOf(c);
    if (region === undefined) {
        return c.environment === "production"
            ? { path: key, message: `required in production (no default partner for ${primary}): the region that holds the database's backup copies and the artifact replica` }
            : undefined;
    }
    if (region === primary) return { path: key, message: `must differ from the primary region ${primary}: a copy in the same region does not survive its loss` };
    if (c.cloud === "azure") {
        const pair = primary ? AZURE_PAIRED_REGIONS[primary] : undefined;
        if (!pair) return { path: key, message: `${primary} has no paired region, which geo-redundant backups and GZRS storage need` };
        return region === pair ? undefined : { path: key, message: `must be ${pair}, the pair of ${primary}: geo-redundant backups and GZRS copy only to the paired region` };
    }
    const known = REGION_LISTS[c.cloud] as readonly string[];
    return known.includes(region) ? undefined : { path: key, message: `${region} is not a region ${c.cloud.toUpperCase()} offers; the closest are ${closest(region, known).join(", ")}` };
}

function budgetProblem(c: ResolvedConfig): Problem | undefined {
    if (c.cloud === "gcp" && !c.budget.gcpBillingAccount) {
        return { path: ["budget", "gcpBillingAccount"], message: "required on GCP: Cloud Billing budgets belong to the billing account, not the project" };
    }
    if (c.cloud === "gcp" && c.budget.contactEmails.length > 5) {
        return { path: ["budget", "contactEmails"], message: "at most 5 on GCP: a billing budget notifies at most 5 monitoring channels" };
    }
    if (c.cloud === "azure" && c.budget.actualThresholds.length + c.budget.forecastThresholds.length > 5) {
        return { path: ["budget", "actualThresholds"], message: "at most 5 thresholds in all on Azure: a consumption budget has at most five notifications" };
    }
    const count = c.budget.actualThresholds.length + c.budget.forecastThresholds.length;
    return count === 0 ? { path: ["budget", "actualThresholds"], message: "list at least one threshold: a budget that notifies nobody is not a budget" } : undefined;
}

export const RESILIENCE_RULES: Rule[] = [secondRegionProblem, budgetProblem];
