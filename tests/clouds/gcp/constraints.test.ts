/** One test per GCP row of docs/cloud-constraints.md, on the captured plans. */
import { expect } from "chai";
import { isRfc1918 } from "../../../clouds/gcp/database";
import { GKE_CHANNEL_MINORS } from "../../../components/config/clouds/gcp";
import { mergedSections, plan } from "../../support/plans";
import { gcpPlan, inputsOf, named, ofType, one, STACKS, TYPES } from "./gcpPlans";

const gcp = { project: "acme-ml-prod", region: "europe-west4", clusterAdmins: ["group:ml-platform-admins@acme.example"] };

async function refusal(overrides: Record<string, unknown>, key: string): Promise<string> {
    const result = await plan("production", "gcp", overrides);
    expect(result.error, "the plan must fail").to.not.equal(undefined);
    const line = result.error!.message.split("\n").find((l) => l.includes(`${key}:`));
    expect(line, result.error!.message).to.not.equal(undefined);
    return line!;
}

/** Binary Authorization name patterns: a trailing * stays within one path segment, ** crosses `/`. */
function binAuthzMatches(pattern: string, image: string): boolean {
    if (pattern.endsWith("**")) return image.startsWith(pattern.slice(0, -2));
    if (pattern.endsWith("*")) return image.startsWith(pattern.slice(0, -1)) && !image.slice(pattern.length - 1).includes("/");
    return image === pattern;
}

describe("GCP constraints (docs/cloud-constraints.md)", () => {
    it("GCP-1: a zonal cluster's nodeLocations omit the cluster's own zone; a regional one lists its zones", async () => {
        const staging = inputsOf(await gcpPlan("staging"), TYPES.cluster);
        expect(staging.location).to.match(/-[a-z]$/);
        expect(staging.nodeLocations).to.not.include(staging.location);
        expect(staging.nodeLocations).to.deep.equal(["europe-west4-b"]);
        const prod = inputsOf(await gcpPlan("production"), TYPES.cluster);
        expect(prod.nodeLocations).to.have.length(3);
    });

    for (const stack of STACKS) {
        it(`GCP-2 (${stack}): the GKE, Cloud SQL and Memorystore service agents are generated before their key grants`, async () => {
            const p = await gcpPlan(stack);
            const identities = ofType(p, TYPES.serviceIdentity);
            const byService = (service: string) => identities.find((i) => i.inputs.service === service)!;
            const pairs: [string, string][] = [
                ["-gke-secrets", "container.googleapis.com"],
                ["-cloudsql", "sqladmin.googleapis.com"],
                ["-memorystore", "redis.googleapis.com"],
            ];
            for (const [key, service] of pairs) {
                const identity = byService(service);
                expect(identity, service).to.not.equal(undefined);
                const grant = named(p, TYPES.keyMember, key);
                expect(grant.dependencies, `${key} grant waits for ${service}'s agent`).to.include(identity.urn);
            }
        });
    }

    it("GCP-3: a non-RFC 1918 pod range is an authorized network on Cloud SQL; an RFC 1918 one needs none", async () => {
        const ip = inputsOf(await gcpPlan("production"), TYPES.sql).settings.ipConfiguration;
        expect(isRfc1918("100.64.0.0/14")).to.equal(false);
        expect(ip.authorizedNetworks).to.deep.equal([{ name: "gke-pods", value: "100.64.0.0/14" }]);
        expect(ip.ipv4Enabled).to.equal(false);
        const rfc = await gcpPlan("production", { network: { cidr: "10.40.0.0/16", zoneCount: 3, podCidr: "10.128.0.0/14" } });
        expect(inputsOf(rfc, TYPES.sql).settings.ipConfiguration.authorizedNetworks).to.deep.equal([]);
    });

    it("GCP-4: the master CIDR reaches the nodes on every webhook and aggregated-API port the platform serves", async () => {
        const p = await gcpPlan("production");
        const rule = named(p, TYPES.firewall, "-control-plane-webhooks").inputs as Record<string, any>;
        expect(rule.sourceRanges).to.deep.equal([inputsOf(p, TYPES.cluster).privateClusterConfig.masterIpv4CidrBlock]);
        expect(rule.direction).to.equal("INGRESS");
        // istiod, cert-manager/prometheus-operator, KServe/KEDA webhooks, KEDA metrics API server.
        expect(rule.allows[0].ports).to.include.members(["15017", "10250", "9443", "6443"]);
        expect(rule.targetServiceAccounts[0]).to.match(/-gke-nodes@/);
    });

    it("GCP-5: authorized networks are enforced on the private endpoint", async () => {
        const c = inputsOf(await gcpPlan("production"), TYPES.cluster);
        expect(c.masterAuthorizedNetworksConfig.privateEndpointEnforcementEnabled).to.equal(true);
        expect(c.masterAuthorizedNetworksConfig.gcpPublicCidrsAccessEnabled).to.equal(false);
    });

    it("GCP-6: Binary Authorization enforces a managed project policy that exists before the cluster", async () => {
        const p = await gcpPlan("production");
        const cluster = one(p, TYPES.cluster);
        expect((cluster.inputs.binaryAuthorization as Record<string, string>).evaluationMode).to.equal("PROJECT_SINGLETON_POLICY_ENFORCE");
        const policy = one(p, "gcp:binaryauthorization/policy:Policy");
        expect(cluster.dependencies).to.include(policy.urn);
        const inputs = policy.inputs as Record<string, any>;
        expect(inputs.globalPolicyEvaluationMode).to.equal("ENABLE");
        expect(inputs.defaultAdmissionRule).to.deep.equal({ evaluationMode: "ALWAYS_DENY", enforcementMode: "DRYRUN_AUDIT_LOG_ONLY" });
        const patterns = (inputs.admissionWhitelistPatterns as { namePattern: string }[]).map((w) => w.namePattern);
        for (const pattern of patterns) expect(pattern).to.match(/^[a-z0-9.-]+\/[^*]*\*{0,2}$/);
        // Images the platform runs that sit more than one segment below their registry or project.
        for (const image of [
            "registry.k8s.io/kube-state-metrics/kube-state-metrics",
            "registry.k8s.io/external-dns/external-dns",
            `europe-west4-docker.pkg.dev/${gcp.project}/models/sklearn-server`,
            "quay.io/jetstack/cert-manager-controller",
        ]) {
            expect(patterns.some((pattern) => binAuthzMatches(pattern, image)), image).to.equal(true);
        }
        const enforced = await gcpPlan("production", { gcp: { ...gcp, binaryAuthorization: { enforcement: "enforce" } } });
        expect(inputsOf(enforced, "gcp:binaryauthorization/policy:Policy").defaultAdmissionRule.enforcementMode).to.equal("ENFORCED_BLOCK_AND_AUDIT_LOG");
    });

    for (const stack of STACKS) {
        it(`GCP-7 (${stack}): cluster admins hold container.admin only under this cluster's resource name`, async () => {
            const p = await gcpPlan(stack);
            const c = inputsOf(p, TYPES.cluster);
            const admins = ofType(p, TYPES.projectMember).filter((m) => m.inputs.role === "roles/container.admin");
            expect(admins).to.not.be.empty;
            const form = stack === "staging" ? "zones" : "locations";
            for (const admin of admins) {
                const expression = (admin.inputs.condition as { expression: string }).expression;
                expect(expression).to.include(`resource.name == "projects/${c.project}/${form}/${c.location}/clusters/${c.name}"`);
                expect(expression).to.not.match(/resource\.name\.startsWith\("projects\/[^"]+\/clusters\/"\)/);
            }
        });
    }

    it("GCP-8: Cloud SQL's per-instance CA is published with the connection facts and clients verify it (verify-ca)", async () => {
        const p = await gcpPlan("production");
        const ip = inputsOf(p, TYPES.sql).settings.ipConfiguration;
        expect(ip.serverCaMode).to.equal("GOOGLE_MANAGED_INTERNAL_CA");
        expect(ip.sslMode).to.equal("ENCRYPTED_ONLY");
        expect(p.outputs.databaseSslMode).to.equal("verify-ca");
        const facts = ofType(p, "kubernetes:core/v1:ConfigMap").filter((m) => (m.inputs.metadata as { name: string }).name === "platform-database");
        expect(facts).to.not.be.empty;
        for (const f of facts) {
            const data = f.inputs.data as Record<string, string>;
            expect(data.sslmode).to.equal("verify-ca");
            expect(data["ca.crt"]).to.match(/^-----BEGIN CERTIFICATE-----/);
        }
    });

    it("GCP-9: the IP endpoint is private in every mode; callers outside the network use the DNS endpoint", async () => {
        for (const apiAccess of ["dnsEndpoint", "private"]) {
            const c = inputsOf(await gcpPlan("production", mergedSections("production", { gcp: { apiAccess } })), TYPES.cluster);
            expect(c.privateClusterConfig.enablePrivateEndpoint).to.equal(true);
            expect(c.controlPlaneEndpointsConfig.ipEndpointsConfig.enabled).to.equal(true);
            expect(c.controlPlaneEndpointsConfig.dnsEndpointConfig.allowExternalTraffic).to.equal(apiAccess === "dnsEndpoint");
        }
        const line = await refusal({ cluster: { apiAllowedCidrs: ["203.0.113.0/28"], privateApiAllowedCidrs: ["10.60.0.0/24"] } }, "ml-platform:cluster.apiAllowedCidrs");
        expect(line).to.match(/always private/);
    });

    it("GCP-10: the DNS-endpoint kubeconfig has no CA data and mints tokens with application default credentials", async () => {
        const p = await gcpPlan("staging");
        const config = JSON.parse(p.secretValues.find((s) => s.includes('"kind":"Config"') && s.includes("gke-gcloud-auth-plugin"))!);
        expect(config.clusters[0].cluster).to.not.have.property("certificate-authority-data");
        expect(config.clusters[0].cluster.server).to.match(/^https:\/\/.+\.gke\.goog$/);
        expect(config.users[0].user.exec.args).to.deep.equal(["--use_application_default_credentials"]);
        expect(config.users[0].user).to.not.have.property("token");
    });

    it("GCP-11: the Kubernetes minor must be offered by the release channel (1.35 is)", async () => {
        expect(GKE_CHANNEL_MINORS.REGULAR).to.include("1.35");
        const ok = await gcpPlan("production", { kubernetesVersion: "1.35" });
        expect(inputsOf(ok, TYPES.cluster).minMasterVersion).to.equal("1.35");
        const line = await refusal({ kubernetesVersion: "1.30" }, "ml-platform:kubernetesVersion");
        expect(line).to.match(/REGULAR channel offers .*not 1\.30/);
        await refusal({ kubernetesVersion: "1.36", gcp: { ...gcp, releaseChannel: "STABLE" } }, "ml-platform:kubernetesVersion");
    });

    it("GCP-12: Cloud SQL keeps more backups than days of transaction logs, and at most 7 log days", async () => {
        for (const stack of STACKS) {
            const backup = inputsOf(await gcpPlan(stack), TYPES.sql).settings.backupConfiguration;
            expect(backup.transactionLogRetentionDays).to.be.within(1, 7);
            expect(backup.backupRetentionSettings.retainedBackups).to.be.greaterThan(backup.transactionLogRetentionDays);
        }
    });

    it("GCP-13: Memorystore read replicas are refused below 5 GB", async () => {
        const line = await refusal({ cache: { size: "small", replicas: 2, snapshotRetentionDays: 7 } }, "ml-platform:cache.size");
        expect(line).to.match(/5 GB/);
    });

    it("GCP-14: Cloud SQL and Memorystore wait for the private services peering", async () => {
        const p = await gcpPlan("production");
        const peering = one(p, TYPES.connection);
        expect(one(p, TYPES.sql).dependencies).to.include(peering.urn);
        expect(one(p, TYPES.redis).dependencies).to.include(peering.urn);
        expect(peering.inputs.reservedPeeringRanges).to.deep.equal([one(p, TYPES.globalAddress).inputs.name]);
    });

    it("GCP-15: Dataplane V2 enforces NetworkPolicy itself; the Calico add-on stays off", async () => {
        const c = inputsOf(await gcpPlan("production"), TYPES.cluster);
        expect(c.datapathProvider).to.equal("ADVANCED_DATAPATH");
        expect(c.addonsConfig.networkPolicyConfig).to.deep.equal({ disabled: true });
        expect(c.networkPolicy).to.equal(undefined);
    });

    it("GCP-16: key ring names are never reused (a key ring cannot be deleted): a protected random suffix names it", async () => {
        const p = await gcpPlan("production");
        const ring = ofType(p, TYPES.keyRing).find((r) => r.name === "ml-platform-production")!;
        const suffix = ofType(p, "random:index/randomId:RandomId").find((r) => r.name.endsWith("-keyring"))!;
        expect(ring.dependencies).to.include(suffix.urn);
        expect(String(ring.inputs.name)).to.match(/^ml-platform-production-[0-9a-f]{6,}$/);
        expect(suffix.protect).to.equal(true);
    });

    it("GCP-17: Memorystore TLS uses its own CA, published with the cache facts", async () => {
        const p = await gcpPlan("production");
        expect(inputsOf(p, TYPES.redis).transitEncryptionMode).to.equal("SERVER_AUTHENTICATION");
        const facts = ofType(p, "kubernetes:core/v1:ConfigMap").filter((m) => (m.inputs.metadata as { name: string }).name === "platform-cache");
        for (const f of facts) expect((f.inputs.data as Record<string, string>)["ca.crt"]).to.match(/BEGIN CERTIFICATE/);
    });
});
