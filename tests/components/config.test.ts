import { expect } from "chai";
import { ConfigError, ENVIRONMENT_DEFAULTS } from "../../components/config";
import { OFFLINE_SECRET_PLACEHOLDER } from "../../automation/stackConfig";
import { plan } from "../support/plans";

/** Each case: a change to the production stack's config, and the key the error must name. */
const INVALID: { title: string; overrides: Record<string, unknown>; key: string; says: RegExp }[] = [
    { title: "unknown cloud", overrides: { cloud: "oracle" }, key: "ml-platform:cloud", says: /aws|gcp|azure/ },
    { title: "unknown environment", overrides: { environment: "prod" }, key: "ml-platform:environment", says: /staging|production/ },
    { title: "missing owner", overrides: { owner: undefined }, key: "ml-platform:owner", says: /missing/ },
    { title: "owner not label-safe", overrides: { owner: "ML Team" }, key: "ml-platform:owner", says: /lowercase/ },
    { title: "wrong type for zone count", overrides: { network: { zoneCount: "three" } }, key: "ml-platform:network.zoneCount", says: /number/ },
    { title: "CIDR with host bits", overrides: { network: { cidr: "10.0.0.1/16" } }, key: "ml-platform:network.cidr", says: /CIDR/ },
    { title: "VPC too large", overrides: { network: { cidr: "10.0.0.0/8" } }, key: "ml-platform:network.cidr", says: /\/16 and \/20/ },
    { title: "pod range overlapping the VPC", overrides: { network: { cidr: "10.40.0.0/16", podCidr: "10.40.0.0/14" } }, key: "ml-platform:network.podCidr", says: /overlaps/ },
    { title: "single zone on AWS", overrides: { network: { zoneCount: 1 } }, key: "ml-platform:network.zoneCount", says: /2 availability zones/ },
    {
        title: "min nodes above max",
        overrides: { cluster: { nodePools: { workloads: { size: "large", min: 10, max: 5 } } } },
        key: "ml-platform:cluster.nodePools.workloads.min",
        says: /min must not exceed max/,
    },
    { title: "API open to the internet", overrides: { cluster: { apiAllowedCidrs: ["0.0.0.0/0"] } }, key: "ml-platform:cluster.apiAllowedCidrs.0", says: /internet/ },
    {
        title: "unknown GPU accelerator",
        overrides: { cluster: { nodePools: { gpu: { accelerator: "nvidia-h100", max: 2 } } } },
        key: "ml-platform:cluster.nodePools.gpu.accelerator",
        says: /nvidia-t4/,
    },
    { title: "negative storage", overrides: { database: { storageGb: -5 } }, key: "ml-platform:database.storageGb", says: />=20/ },
    { title: "max storage below storage", overrides: { database: { storageGb: 500, maxStorageGb: 100 } }, key: "ml-platform:database.maxStorageGb", says: /at least storageGb/ },
    { title: "backups too short", overrides: { database: { backupRetentionDays: 3 } }, key: "ml-platform:database.backupRetentionDays", says: />=7/ },
    { title: "no cache replica in production", overrides: { cache: { replicas: 0 } }, key: "ml-platform:cache.replicas", says: /failover/ },
    { title: "unknown nested key", overrides: { database: { sizee: "large" } }, key: "ml-platform:database.sizee", says: /unknown key/ },
    { title: "unknown top-level key", overrides: { databse: { size: "large" } }, key: "ml-platform:databse", says: /unknown key/ },
    { title: "missing region", overrides: { aws: { clusterAdmins: ["arn:aws:iam::123456789012:role/admin"] } }, key: "ml-platform:aws.region", says: /missing/ },
    { title: "no cluster admins", overrides: { aws: { region: "us-east-1", clusterAdmins: [] } }, key: "ml-platform:aws.clusterAdmins", says: /at least one/ },
    { title: "cloud without its section", overrides: { cloud: "gcp", gcp: undefined }, key: "ml-platform:gcp", says: /required when cloud is "gcp"/ },
    { title: "unquoted Kubernetes version", overrides: { kubernetesVersion: "latest" }, key: "ml-platform:kubernetesVersion", says: /minor version/ },
    {
        title: "Kubernetes version without pinned add-ons",
        overrides: { kubernetesVersion: "1.29" },
        key: "ml-platform:aws.addonVersions",
        says: /no pinned EKS add-on versions/,
    },
    {
        title: "GCP read replicas on a cache too small for them",
        overrides: { cloud: "gcp", cache: { size: "small", replicas: 2 } },
        key: "ml-platform:cache.size",
        says: /5 GB/,
    },
    {
        title: "GCP zones that disagree with the zone count",
        overrides: { cloud: "gcp", gcp: { project: "acme-ml-prod", region: "europe-west4", clusterAdmins: ["group:a@b.example"], zones: ["europe-west4-a"] } },
        key: "ml-platform:gcp.zones",
        says: /zoneCount is 3/,
    },
    {
        title: "zone-redundant HA on an Azure Burstable database",
        overrides: { cloud: "azure", database: { size: "small", highAvailability: true } },
        key: "ml-platform:database.size",
        says: /Burstable/,
    },
];

describe("stack config validation", () => {
    for (const c of INVALID) {
        it(`rejects ${c.title}, naming ${c.key}, before registering anything`, async () => {
            const result = await plan("production", undefined, c.overrides);
            expect(result.error, "the program must fail").to.be.instanceOf(ConfigError);
            const line = result.error!.message.split("\n").find((l) => l.includes(`${c.key}:`));
            expect(line, `no problem names ${c.key} in:\n${result.error!.message}`).to.not.equal(undefined);
            expect(line).to.match(c.says);
            // Only the root stack exists: validation runs before any resource is registered.
            expect(result.resources.map((r) => r.type)).to.deep.equal(["pulumi:pulumi:Stack"]);
        });
    }

    it("lists every bad key in one error", async () => {
        const result = await plan("production", undefined, {
            cloud: "oracle",
            database: { storageGb: -1 },
            cluster: { nodePools: { system: { min: 9, max: 1 } } },
        });
        const problems = (result.error as ConfigError).problems;
        expect(problems.map((p) => p.split(":")[1])).to.include.members(["cloud", "database.storageGb", "cluster.nodePools.system.min"]);
    });

    it("never echoes a secret config value in an error", async () => {
        const result = await plan("production", undefined, { environment: { secure: "AAABAKsecretcipher" } });
        expect(result.error).to.be.instanceOf(ConfigError);
        expect(result.error!.message).to.contain("ml-platform:environment");
        expect(result.error!.message).to.not.contain(OFFLINE_SECRET_PLACEHOLDER);
    });
});

describe("environment defaults", () => {
    it("fills unset keys from the environment's row of the table", async () => {
        const staging = await plan("staging", undefined, { objectStore: undefined, cluster: { nodePools: {}, privateApiAllowedCidrs: ["10.60.0.0/24"] } });
        expect(staging.error).to.equal(undefined);
        const bucketRules = staging.resources.find((r) => r.name.endsWith("-artifacts") && r.type.endsWith("bucketLifecycleConfiguration:BucketLifecycleConfiguration"));
        const rules = bucketRules!.inputs.rules as { noncurrentVersionExpiration?: { noncurrentDays: number } }[];
        expect(rules[0].noncurrentVersionExpiration!.noncurrentDays).to.equal(ENVIRONMENT_DEFAULTS.staging.objectStore.noncurrentVersionExpirationDays);
    });

    it("makes production stricter than staging in the table itself", () => {
        const { staging, production } = ENVIRONMENT_DEFAULTS;
        expect(production.protect).to.equal(true);
        expect(staging.protect).to.equal(false);
        expect(production.database.highAvailability).to.equal(true);
        expect(production.database.backupRetentionDays).to.be.greaterThan(staging.database.backupRetentionDays);
        expect(production.cache.replicas).to.be.greaterThan(0);
        expect(production.network.zoneCount).to.be.greaterThan(staging.network.zoneCount);
    });
});

describe("private API allow-list", () => {
    it("refuses a range that opens the API to the internet", async () => {
        const result = await plan("production", undefined, { cluster: { privateApiAllowedCidrs: ["0.0.0.0/0"] } });
        expect(result.error!.message).to.match(/ml-platform:cluster\.privateApiAllowedCidrs\.0: must not open the API endpoint/);
    });
});

describe("config error format", () => {
    const linesNaming = (message: string, key: string) => message.split("\n").filter((l) => l.includes(`${key}:`));

    it("gives a CIDR with host bits one message, not also a wrong prefix complaint", async () => {
        const result = await plan("production", undefined, { network: { cidr: "10.0.0.1/16" } });
        const problems = (result.error as ConfigError).problems;
        expect(problems, result.error!.message).to.deep.equal(['ml-platform:network.cidr: expected an IPv4 CIDR with zero host bits, e.g. 10.0.0.0/16 (got "10.0.0.1/16")']);
    });

    it("gives a bad allow-list entry one message", async () => {
        const result = await plan("production", undefined, { cluster: { privateApiAllowedCidrs: ["10.60.0.1/24"] } });
        expect(linesNaming(result.error!.message, "ml-platform:cluster.privateApiAllowedCidrs.0")).to.have.length(1);
        expect((result.error as ConfigError).problems).to.have.length(1);
    });

    it("never dumps the resolved config for a rule over several keys", async () => {
        for (const overrides of [{ cache: { replicas: 0 } }, { kubernetesVersion: "1.29" }, { cluster: { nodePools: { workloads: { size: "large", min: 10, max: 5 } } } }]) {
            const result = await plan("production", undefined, overrides);
            const message = result.error!.message;
            expect((result.error as ConfigError).problems, message).to.have.length(1);
            // Neither the resolved config nor an object of the stack file is echoed back.
            expect(message, message).to.not.match(/\{"|"owner"|ml-platform-team/);
        }
    });

    it("echoes the scalar the stack file set, so the typo is visible", async () => {
        const result = await plan("production", undefined, { cluster: { nodePools: { workloads: { size: "large", min: 10, max: 5 } } } });
        expect(result.error!.message).to.contain("ml-platform:cluster.nodePools.workloads.min: min must not exceed max (got 10)");
    });
});
