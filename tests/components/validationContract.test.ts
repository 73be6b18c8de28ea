/**
 * The careless-user examples of issue 22 that main still accepted or answered badly: each is
 * refused once, naming its key, before any resource is registered (or, for ranges, derived so
 * that it cannot collide).
 */
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ConfigError, parsePlatformConfig, rawConfigFrom } from "../../components/config";
import { DERIVED_NAMES } from "../../components/config/derivedNames";
import { gcpRanges } from "../../components/config/clouds/gcpRanges";
import { AWS_REGIONS } from "../../components/config/regions";
import { loadStackConfig, OFFLINE_SECRET_PLACEHOLDER, PROJECT_DIR, StackFileStructureError } from "../../automation/stackConfig";
import { okPlan, plan } from "../support/plans";

const GCP = { project: "acme-ml-prod", region: "europe-west4", clusterAdmins: ["group:admins@acme.example"] };

/** The production stack's config with overrides, parsed under a stack name; the problems, or [] when accepted. */
function problems(overrides: Record<string, unknown>, stack = "production"): string[] {
    const { project, config } = loadStackConfig("production", overrides);
    try {
        parsePlatformConfig(rawConfigFrom(config), project, stack);
        return [];
    } catch (err) {
        expect(err).to.be.instanceOf(ConfigError);
        return [...(err as ConfigError).problems];
    }
}

const CASES: { title: string; overrides: Record<string, unknown>; key: string; says: RegExp }[] = [
    { title: "an AWS region that exists only in format", overrides: { aws: { region: "us-east-9", clusterAdmins: ["arn:aws:iam::123456789012:role/a"] } }, key: "aws.region", says: /closest are us-east-1/ },
    { title: "a GCP region that does not exist", overrides: { cloud: "gcp", gcp: { ...GCP, region: "mars-west1" } }, key: "gcp.region", says: /expected a GCP region/ },
    { title: "an Azure location that does not exist", overrides: { cloud: "azure", azure: { location: "mars" } }, key: "azure.location", says: /expected an Azure location/ },
    { title: "a GCP zone listed twice", overrides: { cloud: "gcp", gcp: { ...GCP, zones: ["europe-west4-a", "europe-west4-a", "europe-west4-b"] } }, key: "gcp.zones.1", says: /duplicate of entry 0/ },
    { title: "a zone the region does not have", overrides: { cloud: "gcp", gcp: { ...GCP, zones: ["europe-west4-a", "europe-west4-b", "europe-west4-z"] } }, key: "gcp.zones.2", says: /europe-west4 has no zone europe-west4-z; its zones are europe-west4-a/ },
    { title: "a zone of another region", overrides: { cloud: "gcp", gcp: { ...GCP, gpuZones: ["us-central1-a"] } }, key: "gcp.gpuZones.0", says: /us-central1-a is a zone of us-central1, but gcp.region is europe-west4/ },
    { title: "a GKE control-plane range inside the VPC", overrides: { cloud: "gcp", gcp: { ...GCP, masterCidr: "10.40.0.0/28" } }, key: "gcp.masterCidr", says: /overlaps network.cidr 10.40.0.0\/16/ },
    { title: "a GKE control-plane range inside the pod range", overrides: { cloud: "gcp", gcp: { ...GCP, masterCidr: "100.64.0.0/28" } }, key: "gcp.masterCidr", says: /overlaps network.podCidr/ },
    { title: "a private services range inside the service range", overrides: { cloud: "gcp", gcp: { ...GCP, privateServicesCidr: "172.20.0.0/20" } }, key: "gcp.privateServicesCidr", says: /overlaps network.serviceCidr/ },
    { title: "a private services range holding the control plane's", overrides: { cloud: "gcp", gcp: { ...GCP, masterCidr: "172.16.0.0/28", privateServicesCidr: "172.16.0.0/16" } }, key: "gcp.privateServicesCidr", says: /overlaps gcp.masterCidr/ },
    { title: "a public EKS service range", overrides: { network: { serviceCidr: "8.8.0.0/16" } }, key: "network.serviceCidr", says: /inside 10.0.0.0\/8, 172.16.0.0\/12, 192.168.0.0\/16/ },
    { title: "a 308-character domain", overrides: { platform: { domain: `${Array(5).fill("a".repeat(60)).join(".")}.example`, acmeEmail: "a@acme.example" } }, key: "platform.domain", says: /at most 229 characters.*RFC 1035/ },
    // 230 characters: _acme-challenge.airflow.<domain> (Airflow's gateway host) would be 254.
    { title: "a 230-character domain", overrides: { platform: { domain: `${Array(3).fill("a".repeat(63)).join(".")}.${"b".repeat(30)}.example`, acmeEmail: "a@acme.example" } }, key: "platform.domain", says: /at most 229 characters.*RFC 1035/ },
    { title: "a domain label of 64 characters", overrides: { platform: { domain: `${"a".repeat(64)}.example`, acmeEmail: "a@acme.example" } }, key: "platform.domain", says: /at most 63 characters/ },
    { title: "an unquoted engineVersion", overrides: { database: { engineVersion: 17 } }, key: "database.engineVersion", says: /quote it in YAML \(engineVersion: "17"\)/ },
];

describe("validation contract: the examples of issue 22", () => {
    for (const c of CASES) {
        it(`refuses ${c.title}, naming ml-platform:${c.key} once`, () => {
            const found = problems(c.overrides).filter((p) => p.startsWith(`ml-platform:${c.key}:`));
            expect(found, problems(c.overrides).join("\n")).to.have.length(1);
            expect(found[0]).to.match(c.says);
        });
    }

    it("never says a zone is not in the region it is named after", () => {
        const found = problems({ cloud: "gcp", gcp: { ...GCP, zones: ["europe-west4", "europe-west4-b", "europe-west4-c"] } });
        expect(found).to.deep.equal(['ml-platform:gcp.zones.0: expected a GCP zone such as europe-west4-a (got "europe-west4")']);
    });

    it("refuses the config before any resource is registered", async () => {
        const result = await plan("production", "gcp", { gcp: { ...GCP, zones: ["europe-west4-a", "europe-west4-a", "europe-west4-b"] } });
        expect(result.error).to.be.instanceOf(ConfigError);
        expect(result.resources.map((r) => r.type)).to.deep.equal(["pulumi:pulumi:Stack"]);
    });

    it("keeps the AWS region table equal to @pulumi/aws's Region enum", () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { Region } = require("@pulumi/aws/types/enums") as { Region: Record<string, string> };
        expect([...AWS_REGIONS].sort()).to.deep.equal(Object.values(Region).sort());
    });
});

describe("GCP's derived ranges", () => {
    const common = { cidr: "10.40.0.0/16", podCidr: "100.64.0.0/14", serviceCidr: "172.20.0.0/16" };

    it("keep the usual defaults when nothing overlaps them", () => {
        expect(gcpRanges(common)).to.deep.equal({ masterCidr: "172.16.0.0/28", privateServicesCidr: "10.100.0.0/16" });
    });

    it("move off a VPC of 10.100.0.0/16 or 172.16.0.0/16 instead of colliding", () => {
        expect(gcpRanges({ ...common, cidr: "10.100.0.0/16" }).privateServicesCidr).to.equal("10.101.0.0/16");
        expect(gcpRanges({ ...common, cidr: "172.16.0.0/16" }).masterCidr).to.equal("172.17.0.0/28");
        expect(problems({ cloud: "gcp", network: { cidr: "10.100.0.0/16" } })).to.deep.equal([]);
    });

    it("reach the GKE cluster and the private services address in the plan", async () => {
        const p = await okPlan("production", "gcp");
        const cluster = p.resources.find((r) => r.type === "gcp:container/cluster:Cluster")!;
        expect((cluster.inputs.privateClusterConfig as { masterIpv4CidrBlock: string }).masterIpv4CidrBlock).to.equal("172.16.0.0/28");
        const address = p.resources.find((r) => r.type === "gcp:compute/globalAddress:GlobalAddress")!;
        expect(address.inputs).to.include({ address: "10.100.0.0", prefixLength: 16 });
    });
});

describe("names derived from the stack name on GCP and Azure", () => {
    it("refuse a stack name too long for the longest Compute Engine name (GCP) or PostgreSQL/Redis names (Azure)", () => {
        expect(problems({ cloud: "gcp" }, "a".repeat(28))).to.deep.equal([]);
        expect(problems({ cloud: "gcp" }, "a".repeat(29))[0]).to.match(/Compute Engine firewall name .*\(64 characters\), at most 63 allowed; use a stack name of at most 28/);
        expect(problems({ cloud: "azure" }, "a".repeat(34))).to.deep.equal([]);
        const azure = problems({ cloud: "azure" }, "a".repeat(46));
        expect(azure.find((p) => p.includes("PostgreSQL flexible server name"))).to.match(/plus the 8-character suffix .*\(75 characters\), at most 63 allowed; use a stack name of at most 34/);
        expect(azure.find((p) => p.includes("Azure Managed Redis name"))).to.match(/\(72 characters\), at most 60 allowed/);
    });

    it("refuse an underscore or a capital, which GCP names and labels and Azure's PostgreSQL names refuse", () => {
        for (const cloud of ["gcp", "azure"]) {
            for (const stack of ["prod_eu", "Prod"]) expect(problems({ cloud }, stack), `${cloud} ${stack}`).to.not.deep.equal([]);
        }
    });

    it("derive exactly the names the GCP and Azure foundations register", async () => {
        const derived = (what: string) => DERIVED_NAMES.find((d) => d.what === what)!.derive("ml-platform", "production");
        const gcp = await okPlan("production", "gcp");
        expect(gcp.resources.some((r) => r.type === "gcp:compute/firewall:Firewall" && r.inputs.name === derived("Compute Engine firewall name"))).to.equal(true);
        expect(gcp.resources.every((r) => ((r.inputs.labels as Record<string, string> | undefined)?.stack ?? "production") === "production")).to.equal(true);
        const azure = await okPlan("production", "azure");
        const named = (type: string) => azure.resources.find((r) => r.type === type)!;
        expect(named("azure-native:containerservice:ManagedCluster").inputs.dnsPrefix).to.equal(derived("AKS DNS prefix"));
        // Auto-named: the logical name is the derived one, the engine appends the suffix.
        expect(named("azure-native:dbforpostgresql:Server").name).to.equal(derived("PostgreSQL flexible server name"));
        expect(named("azure-native:dbforpostgresql:Server").inputs.serverName).to.equal(undefined);
        expect(named("azure-native:redisenterprise:RedisEnterprise").name).to.equal(derived("Azure Managed Redis name"));
    });
});

describe("a rule between two keys", () => {
    it("names the key the stack file set, not a default it never wrote", () => {
        expect(problems({ network: { cidr: "100.64.0.0/16" } })).to.deep.equal(["ml-platform:network.cidr: 100.64.0.0/16 overlaps podCidr 100.64.0.0/14 (the default) (got \"100.64.0.0/16\")"]);
    });

    it("says when the key it refuses is not set and its default does not fit", () => {
        const found = problems({ cluster: { nodePools: { system: { size: "small", min: 1, max: 2 } } } });
        expect(found).to.deep.equal([
            "ml-platform:cluster.privateApiAllowedCidrs: must list the deploying runner's range when ml-platform:aws.apiAccess is \"private\": otherwise nothing outside the cluster can reach the API to install the platform layer (not set, and its default does not fit)",
        ]);
    });

    it("gives a range refused for its prefix no further overlap messages", () => {
        expect(problems({ network: { cidr: "0.0.0.0/0" } })).to.deep.equal(['ml-platform:network.cidr: expected a prefix between /16 and /20 (got "0.0.0.0/0")']);
    });
});

describe("a secret where a plain value belongs", () => {
    it("gets the placement message only: no rule sees or quotes its value", () => {
        for (const cloud of ["aws", "gcp", "azure"]) {
            const { project, config, secretKeys } = loadStackConfig("staging", { cloud, kubernetesVersion: { secure: "v1-ciphertext" } });
            let message = "";
            try {
                parsePlatformConfig(rawConfigFrom(config, (k) => secretKeys.includes(k)), project, "staging");
            } catch (err) {
                message = (err as ConfigError).message;
                expect((err as ConfigError).problems, cloud).to.deep.equal([
                    "ml-platform:kubernetesVersion: given as a secret (secure:), but it holds no secret value and would be used in plain text; set it without --secret",
                ]);
            }
            expect(message, cloud).to.not.contain(OFFLINE_SECRET_PLACEHOLDER);
        }
    });
});

describe("keys set without --path, and a misspelt secret key", () => {
    it("tells a flat key named like a path to use --path, once, secret or not", () => {
        expect(problems({ "platform.alerting.slackChannel": "#ml-alerts" })).to.deep.equal([
            "ml-platform:platform.alerting.slackChannel: unknown key: a flat key named like a path; set it with pulumi config set --path 'ml-platform:platform.alerting.slackChannel' so it nests under platform",
        ]);
        const { project, config, secretKeys } = loadStackConfig("production", { "platform.alerting.slackWebhookUrl": { secure: "ciphertext" } });
        expect(() => parsePlatformConfig(rawConfigFrom(config, (k) => secretKeys.includes(k)), project, "production"))
            .to.throw(ConfigError)
            .that.has.property("problems")
            .that.deep.equals([
                "ml-platform:platform.alerting.slackWebhookUrl: a flat key named like the path; set it with pulumi config set --secret --path 'ml-platform:platform.alerting.slackWebhookUrl' so it lands under platform",
            ]);
    });

    it("points a secret under platform at the keys that take one", () => {
        const { project, config, secretKeys } = loadStackConfig("production", { platform: { alerting: { slackWebhookURL: { secure: "ciphertext" } } } });
        expect(() => parsePlatformConfig(rawConfigFrom(config, (k) => secretKeys.includes(k)), project, "production")).to.throw(
            /ml-platform:platform: given as a secret \(secure:\), but none of the keys that take a secret under it is set \(platform.alerting.slackWebhookUrl, platform.alerting.pagerDutyRoutingKey\); check their spelling/,
        );
    });
});

describe("stack file: a key with no value", () => {
    it("is refused naming the key, instead of becoming the tag value \"null\"", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nullkey-"));
        fs.copyFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
        const staging = fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.staging.yaml"), "utf8");
        fs.writeFileSync(path.join(dir, "Pulumi.careless.yaml"), staging.replace("ml-platform:owner: ml-platform-team", "ml-platform:owner:"));
        expect(() => loadStackConfig("careless", {}, dir)).to.throw(StackFileStructureError, /config key "ml-platform:owner" has no value/);
    });
});
