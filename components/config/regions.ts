/**
 * Regions and zones each cloud really has, so a region that exists only in format (`us-east-9`,
 * `mars`) is refused as config instead of failing at the first API call. Sources are in
 * docs/cloud-constraints.md (AWS-V1, GCP-V1, AZ-V1). The AWS list is the SDK's own `Region`
 * enum, copied here because the config layer loads no cloud SDK; a test keeps the two equal.
 */

/** `Region` of @pulumi/aws 7.48.0 (types/enums/index.d.ts). */
export const AWS_REGIONS: readonly string[] = [
    "af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-south-2",
    "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6", "ap-southeast-7",
    "ca-central-1", "ca-west-1", "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2",
    "eu-west-3", "eusc-de-east-1", "il-central-1", "me-central-1", "me-south-1", "mx-central-1", "sa-east-1", "us-east-1", "us-east-2", "us-west-1",
    "us-west-2", "cn-north-1", "cn-northwest-1", "us-gov-east-1", "us-gov-west-1", "us-iso-east-1", "us-iso-west-1", "us-isob-east-1",
    "us-isob-west-1", "eu-isoe-west-1", "us-isof-east-1", "us-isof-south-1",
];

/**
 * Compute Engine regions and the letters of their standard zones (AI zones such as
 * us-west4-ai2b are left out: GKE node pools do not use them here). Google Cloud
 * "Regions and zones", read 2026-12. Add a row when Google opens a region.
 */
export const GCP_ZONES: Readonly<Record<string, string>> = {
    "africa-south1": "abc", "asia-east1": "abc", "asia-east2": "abc", "asia-northeast1": "abc", "asia-northeast2": "abc",
    "asia-northeast3": "abc", "asia-south1": "abc", "asia-south2": "abc", "asia-southeast1": "abc", "asia-southeast2": "abc",
    "asia-southeast3": "abc", "australia-southeast1": "abc", "australia-southeast2": "abc", "europe-central2": "abc",
    "europe-north1": "abc", "europe-north2": "abc", "europe-southwest1": "abc", "europe-west1": "bcd", "europe-west2": "abc",
    "europe-west3": "abc", "europe-west4": "abc", "europe-west6": "abc", "europe-west8": "abc", "europe-west9": "abc",
    "europe-west10": "abc", "europe-west12": "abc", "me-central1": "abc", "me-central2": "abc", "me-west1": "abc",
    "northamerica-northeast1": "abc", "northamerica-northeast2": "abc", "northamerica-south1": "abc", "southamerica-east1": "abc",
    "southamerica-west1": "abc", "us-central1": "abcf", "us-east1": "bcd", "us-east4": "abc", "us-east5": "abc", "us-south1": "abc",
    "us-west1": "abc", "us-west2": "abc", "us-west3": "abc", "us-west4": "abc",
};

export function gcpZonesOf(region: string): string[] {
    return [...(GCP_ZONES[region] ?? "")].map((letter) => `${region}-${letter}`);
}

/** The region a well-formed zone name belongs to ("europe-west4-a" to "europe-west4"). */
export function gcpRegionOfZone(zone: string): string {
    return zone.slice(0, zone.lastIndexOf("-"));
}

/**
 * Azure public-cloud regions (the `name` column of `az account list-locations`), from Microsoft's
 * list of Azure regions, read 2026-12. Sovereign clouds (US Government, China) need another
 * endpoint and are left out; some regions listed here are open only on request.
 */
export const AZURE_LOCATIONS: readonly string[] = [
    "australiacentral", "australiacentral2", "australiaeast", "australiasoutheast", "austriaeast", "belgiumcentral", "brazilsouth",
    "brazilsoutheast", "canadacentral", "canadaeast", "centralindia", "centralus", "chilecentral", "denmarkeast", "eastasia", "eastus",
    "eastus2", "francecentral", "francesouth", "germanynorth", "germanywestcentral", "indonesiacentral", "israelcentral", "italynorth",
    "japaneast", "japanwest", "jioindiacentral", "jioindiawest", "koreacentral", "koreasouth", "malaysiawest", "mexicocentral",
    "newzealandnorth", "northcentralus", "northeurope", "norwayeast", "norwaywest", "polandcentral", "qatarcentral", "southafricanorth",
    "southafricawest", "southcentralus", "southeastasia", "southindia", "spaincentral", "swedencentral", "switzerlandnorth",
    "switzerlandwest", "taiwannorth", "taiwannorthwest", "uaecentral", "uaenorth", "uksouth", "ukwest", "westcentralus", "westeurope",
    "westindia", "westus", "westus2", "westus3",
];

/** The closest entries of a table to a mistyped value, for the message (same prefix first). */
export function closest(value: string, table: readonly string[], count = 3): string[] {
    const score = (candidate: string) => {
        let common = 0;
        while (common < Math.min(candidate.length, value.length) && candidate[common] === value[common]) common++;
        return common;
    };
    return [...table].sort((a, b) => score(b) - score(a) || a.localeCompare(b)).slice(0, count);
}
