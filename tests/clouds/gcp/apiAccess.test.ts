import { expect } from "chai";
import { mergedSections, plan } from "../../support/plans";
import { gcpPlan, inputsOf, TYPES } from "./gcpPlans";

const gcp = { project: "acme-ml-prod", region: "europe-west4", clusterAdmins: ["group:ml-platform-admins@acme.example"] };
const runner = ["10.60.0.0/24"];

function kubeconfigOf(p: Awaited<ReturnType<typeof gcpPlan>>) {
    return JSON.parse(p.secretValues.find((s) => s.includes('"kind":"Config"') && s.includes("gke-gcloud-auth-plugin"))!);
}

describe("GCP cluster API access (gcp.apiAccess)", () => {
    it("dnsEndpoint (default): IP endpoint private, DNS endpoint open to IAM-authorized callers, kubeconfig on the DNS name without CA data", async () => {
        const p = await gcpPlan("production");
        const c = inputsOf(p, TYPES.cluster);
        expect(c.privateClusterConfig.enablePrivateEndpoint).to.equal(true);
        expect(c.controlPlaneEndpointsConfig).to.deep.equal({ dnsEndpointConfig: { allowExternalTraffic: true }, ipEndpointsConfig: { enabled: true } });
        expect(c.masterAuthorizedNetworksConfig.cidrBlocks).to.deep.equal([{ cidrBlock: "10.60.0.0/24", displayName: "private-0" }]);
        const cluster = kubeconfigOf(p).clusters[0].cluster;
        expect(cluster.server).to.match(/\.gke\.goog$/);
        expect(cluster).to.not.have.property("certificate-authority-data");
    });

    it("private: no external traffic on the DNS endpoint, kubeconfig on the private IP with the cluster CA", async () => {
        const p = await gcpPlan("production", mergedSections("production", { gcp: { apiAccess: "private" } }));
        const c = inputsOf(p, TYPES.cluster);
        expect(c.privateClusterConfig.enablePrivateEndpoint).to.equal(true);
        expect(c.controlPlaneEndpointsConfig.dnsEndpointConfig.allowExternalTraffic).to.equal(false);
        expect(c.masterAuthorizedNetworksConfig).to.include({ privateEndpointEnforcementEnabled: true });
        const cluster = kubeconfigOf(p).clusters[0].cluster;
        expect(cluster.server).to.equal("https://172.16.0.2");
        expect(cluster["certificate-authority-data"]).to.be.a("string").that.is.not.empty;
    });

    const refused: { title: string; overrides: Record<string, unknown>; key: string; says: RegExp }[] = [
        {
            title: "a public allow-list in dnsEndpoint mode",
            overrides: { cluster: { apiAllowedCidrs: ["203.0.113.0/28"], privateApiAllowedCidrs: runner } },
            key: "ml-platform:cluster.apiAllowedCidrs",
            says: /must be empty on GCP.*always private/,
        },
        {
            title: "a public allow-list in private mode",
            overrides: { gcp: { ...gcp, apiAccess: "private" }, cluster: { apiAllowedCidrs: ["203.0.113.0/28"], privateApiAllowedCidrs: runner } },
            key: "ml-platform:cluster.apiAllowedCidrs",
            says: /must be empty on GCP/,
        },
        {
            title: "private mode with no in-network range",
            overrides: { gcp: { ...gcp, apiAccess: "private" }, cluster: { privateApiAllowedCidrs: [] } },
            key: "ml-platform:cluster.privateApiAllowedCidrs",
            says: /ml-platform:gcp\.apiAccess is "private"/,
        },
        {
            title: "an unknown access mode",
            overrides: { gcp: { ...gcp, apiAccess: "public" } },
            key: "ml-platform:gcp.apiAccess",
            says: /dnsEndpoint|private/,
        },
    ];
    for (const c of refused) {
        it(`refuses ${c.title}, naming ${c.key}`, async () => {
            const result = await plan("production", "gcp", c.overrides);
            expect(result.error, "the plan must fail").to.not.equal(undefined);
            const line = result.error!.message.split("\n").find((l) => l.includes(`${c.key}:`));
            expect(line, result.error!.message).to.not.equal(undefined);
            expect(line).to.match(c.says);
            expect(result.resources.map((r) => r.type)).to.deep.equal(["pulumi:pulumi:Stack"]);
        });
    }
});
