import { expect } from "chai";
import { isTooBroad } from "../../../components/config/cidr";
import { stackSection } from "../../support/plans";
import { gcpPlan, inputsOf, named, ofType, STACKS, TYPES } from "./gcpPlans";

for (const stack of STACKS) {
    describe(`GCP GKE (${stack})`, () => {
        it("runs private nodes with the control plane in the configured /28", async () => {
            const c = inputsOf(await gcpPlan(stack), TYPES.cluster);
            expect(c.privateClusterConfig).to.include({ enablePrivateNodes: true, masterIpv4CidrBlock: "172.16.0.0/28" });
            expect(c.masterAuth.clientCertificateConfig.issueClientCertificate).to.equal(false);
        });

        it("keeps the IP endpoint private and lists only in-network ranges, never 0.0.0.0/0 or Google Cloud IPs", async () => {
            const c = inputsOf(await gcpPlan(stack), TYPES.cluster);
            expect(c.privateClusterConfig.enablePrivateEndpoint).to.equal(true);
            const cidrs = (c.masterAuthorizedNetworksConfig.cidrBlocks as { cidrBlock: string }[]).map((b) => b.cidrBlock);
            expect(cidrs).to.deep.equal(["10.60.0.0/24"]);
            expect(cidrs.filter(isTooBroad)).to.deep.equal([]);
            expect(c.masterAuthorizedNetworksConfig.gcpPublicCidrsAccessEnabled).to.equal(false);
        });

        it("enables Workload Identity, a release channel, Dataplane V2, shielded nodes and Binary Authorization", async () => {
            const c = inputsOf(await gcpPlan(stack), TYPES.cluster);
            const project = stack === "production" ? "acme-ml-prod" : "acme-ml-staging";
            expect(c.workloadIdentityConfig).to.deep.equal({ workloadPool: `${project}.svc.id.goog` });
            expect(c.releaseChannel).to.deep.equal({ channel: "REGULAR" });
            expect(c.datapathProvider).to.equal("ADVANCED_DATAPATH");
            expect(c.enableShieldedNodes).to.equal(true);
            expect(c.binaryAuthorization).to.deep.equal({ evaluationMode: "PROJECT_SINGLETON_POLICY_ENFORCE" });
            expect(c.enableLegacyAbac).to.equal(false);
        });

        it("encrypts Kubernetes secrets with a rotating Cloud KMS key the GKE agent may use, granted first", async () => {
            const p = await gcpPlan(stack);
            const cluster = ofType(p, TYPES.cluster)[0];
            const enc = cluster.inputs.databaseEncryption as { state: string; keyName: string };
            expect(enc.state).to.equal("ENCRYPTED");
            const key = named(p, TYPES.cryptoKey, "-gke-secrets");
            expect(enc.keyName).to.equal(`${key.name}-id`);
            expect(key.inputs.rotationPeriod).to.equal("7776000s");
            const grant = ofType(p, TYPES.keyMember).find((g) => g.inputs.cryptoKeyId === enc.keyName)!;
            expect(grant.inputs.role).to.equal("roles/cloudkms.cryptoKeyEncrypterDecrypter");
            expect(grant.inputs.member).to.match(/^serviceAccount:service-\d+@container-engine-robot\.iam\.gserviceaccount\.com$/);
            expect(cluster.dependencies).to.include(grant.urn);
        });

        it("removes the default node pool, whose short life also runs as the node service account", async () => {
            const c = inputsOf(await gcpPlan(stack), TYPES.cluster);
            expect(c.removeDefaultNodePool).to.equal(true);
            expect(c.nodeConfig.serviceAccount).to.match(/-gke-nodes@/);
            expect(c.nodeConfig.workloadMetadataConfig).to.deep.equal({ mode: "GKE_METADATA" });
        });

        it("runs every node pool as the dedicated service account with GKE_METADATA, shielded VMs, auto-repair and auto-upgrade", async () => {
            const p = await gcpPlan(stack);
            const account = ofType(p, TYPES.account).find((a) => a.name.endsWith("-nodes"))!;
            const pools = ofType(p, TYPES.nodePool);
            expect(pools.map((n) => n.inputs.name)).to.include.members(["system", "workloads"]);
            for (const pool of pools) {
                const node = pool.inputs.nodeConfig as Record<string, any>;
                expect(node.serviceAccount, pool.name).to.equal(`${account.inputs.accountId}@${account.inputs.project}.iam.gserviceaccount.com`);
                expect(node.workloadMetadataConfig).to.deep.equal({ mode: "GKE_METADATA" });
                expect(node.shieldedInstanceConfig).to.deep.equal({ enableSecureBoot: true, enableIntegrityMonitoring: true });
                expect(pool.inputs.management).to.deep.equal({ autoRepair: true, autoUpgrade: true });
            }
        });

        it("grants the node service account only the node roles, not Editor", async () => {
            const p = await gcpPlan(stack);
            const roles = ofType(p, TYPES.projectMember)
                .filter((m) => String(m.inputs.member).includes("-gke-nodes@"))
                .map((m) => m.inputs.role);
            expect(roles).to.have.members(["roles/container.defaultNodeServiceAccount", "roles/artifactregistry.reader"]);
        });

        it("autoscales the workloads pool and taints the system pool for critical add-ons", async () => {
            const p = await gcpPlan(stack);
            const workloads = named(p, TYPES.nodePool, "-workloads").inputs as Record<string, any>;
            expect(workloads.autoscaling.totalMaxNodeCount).to.be.greaterThan(workloads.autoscaling.totalMinNodeCount);
            const system = named(p, TYPES.nodePool, "-system").inputs as Record<string, any>;
            expect(system.nodeConfig.taints).to.deep.equal([{ key: "CriticalAddonsOnly", value: "true", effect: "NO_SCHEDULE" }]);
        });

        it("runs the spot pool on spot VMs behind its own taint", async () => {
            const spot = named(await gcpPlan(stack), TYPES.nodePool, "-spot").inputs as Record<string, any>;
            expect(spot.nodeConfig.spot).to.equal(true);
            expect(spot.nodeConfig.taints).to.deep.equal([{ key: "ml-platform/spot", value: "true", effect: "NO_SCHEDULE" }]);
        });

        it("grants each configured admin roles/container.admin on this cluster only, non-authoritatively", async () => {
            const p = await gcpPlan(stack);
            const cluster = inputsOf(p, TYPES.cluster);
            const admins = ofType(p, TYPES.projectMember).filter((m) => m.inputs.role === "roles/container.admin");
            expect(admins.map((a) => a.inputs.member)).to.include("group:ml-platform-admins@acme.example");
            for (const admin of admins) {
                const expression = (admin.inputs.condition as { expression: string }).expression;
                expect(expression, "conditioned on the cluster's resource name").to.include(`/clusters/${cluster.name}"`);
                expect(expression).to.include(`resource.name == "projects/${cluster.project}/locations/${cluster.location}/clusters/${cluster.name}"`);
            }
            expect(ofType(p, "gcp:projects/iAMBinding:IAMBinding")).to.deep.equal([]);
            expect(ofType(p, "gcp:projects/iAMPolicy:IAMPolicy")).to.deep.equal([]);
        });

        it("builds the kubeconfig for the DNS endpoint with an ADC gke-gcloud-auth-plugin exec entry, as a secret", async () => {
            const p = await gcpPlan(stack);
            expect(p.outputs.kubeconfig).to.equal("[secret]");
            const provider = ofType(p, "pulumi:providers:kubernetes")[0];
            expect(provider.inputs.kubeconfig).to.equal("[secret]");
            const kubeconfig = p.secretValues.find((s) => s.includes('"kind":"Config"') && s.includes("gke-gcloud-auth-plugin"))!;
            const config = JSON.parse(kubeconfig);
            const exec = config.users[0].user.exec;
            expect(exec).to.include({ command: "gke-gcloud-auth-plugin", apiVersion: "client.authentication.k8s.io/v1beta1", provideClusterInfo: true });
            expect(exec.args).to.deep.equal(["--use_application_default_credentials"]);
            expect(exec.installHint).to.be.a("string");
            expect(config.users[0].user.token, "no static token").to.equal(undefined);
            expect(config.clusters[0].cluster.server).to.match(/^https:\/\/[a-z0-9-]+\.europe-west4(-[a-z])?\.gke\.goog$/);
            expect(config.clusters[0].cluster, "the DNS endpoint has a public certificate").to.not.have.property("certificate-authority-data");
        });

        it("creates Kubernetes objects only after the node pools and admin grants", async () => {
            const p = await gcpPlan(stack);
            const provider = ofType(p, "pulumi:providers:kubernetes")[0];
            for (const pool of ofType(p, TYPES.nodePool)) expect(provider.dependencies).to.include(pool.urn);
        });
    });
}

describe("GCP GKE per environment", () => {
    it("is regional over three zones in production and zonal (multi-zone nodes) in staging", async () => {
        const prod = inputsOf(await gcpPlan("production"), TYPES.cluster);
        const staging = inputsOf(await gcpPlan("staging"), TYPES.cluster);
        expect(prod.location).to.equal("europe-west4");
        expect(prod.nodeLocations).to.have.length(3);
        expect(staging.location).to.match(/^europe-west4-[a-z]$/);
        // The provider refuses a zonal cluster's own zone in nodeLocations: only the extra zone is listed.
        expect(staging.nodeLocations).to.not.include(staging.location);
        expect(staging.nodeLocations).to.have.length(1);
    });

    it("turns on deletion protection only in production", async () => {
        expect(inputsOf(await gcpPlan("production"), TYPES.cluster).deletionProtection).to.equal(true);
        expect(inputsOf(await gcpPlan("staging"), TYPES.cluster).deletionProtection).to.equal(false);
    });

    it("gives the GPU pool its accelerator, GKE-installed drivers and the nvidia.com/gpu taint", async () => {
        const gpu = named(await gcpPlan("production"), TYPES.nodePool, "-gpu").inputs as Record<string, any>;
        expect(gpu.nodeConfig.machineType).to.equal("n1-standard-8");
        expect(gpu.nodeConfig.guestAccelerators).to.deep.equal([
            { type: "nvidia-tesla-t4", count: 1, gpuDriverInstallationConfig: { gpuDriverVersion: "DEFAULT" } },
        ]);
        expect(gpu.nodeConfig.taints).to.deep.equal([{ key: "nvidia.com/gpu", value: "present", effect: "NO_SCHEDULE" }]);
        expect(gpu.autoscaling).to.include({ totalMinNodeCount: 0, totalMaxNodeCount: 4 });
    });

    it("maps L4 and A100 to their G2 and A2 machines, and pins GPU zones when configured", async () => {
        const gcp = {
            project: "acme-ml-prod",
            region: "europe-west4",
            clusterAdmins: ["group:ml-platform-admins@acme.example"],
            gpuZones: ["europe-west4-b"],
        };
        const l4 = await gcpPlan("production", { gcp, cluster: { nodePools: { gpu: { accelerator: "nvidia-l4", max: 2 } } } });
        const pool = named(l4, TYPES.nodePool, "-gpu").inputs as Record<string, any>;
        expect(pool.nodeConfig.machineType).to.equal("g2-standard-8");
        expect(pool.nodeConfig.guestAccelerators[0].type).to.equal("nvidia-l4");
        expect(pool.nodeLocations).to.deep.equal(["europe-west4-b"]);
        const a100 = await gcpPlan("production", { cluster: { nodePools: { gpu: { accelerator: "nvidia-a100", machineType: "a2-highgpu-2g", max: 2 } } } });
        const big = named(a100, TYPES.nodePool, "-gpu").inputs as Record<string, any>;
        expect(big.nodeConfig.guestAccelerators[0]).to.include({ type: "nvidia-tesla-a100", count: 2 });
    });

    it("has no GPU pool unless one is configured", async () => {
        expect(ofType(await gcpPlan("staging"), TYPES.nodePool).map((n) => n.inputs.name)).to.not.include("gpu");
    });

    it("gives staging smaller node pools than production", async () => {
        const maxNodes = async (stack: string) =>
            ofType(await gcpPlan(stack), TYPES.nodePool).reduce((n, g) => n + (g.inputs.autoscaling as { totalMaxNodeCount: number }).totalMaxNodeCount, 0);
        expect(await maxNodes("staging")).to.be.lessThan(await maxNodes("production"));
    });
});

describe("GCP private API access for in-network runners", () => {
    it("adds configured internal ranges to the authorized networks, which also govern the private endpoint", async () => {
        expect(stackSection("production", "cluster").privateApiAllowedCidrs, "the stack file's internal range").to.deep.equal(["10.60.0.0/24"]);
        const p = await gcpPlan("production");
        const cluster = inputsOf(p, "gcp:container/cluster:Cluster");
        expect(cluster.privateClusterConfig.enablePrivateEndpoint).to.equal(true);
        expect(cluster.masterAuthorizedNetworksConfig.cidrBlocks).to.deep.equal([{ cidrBlock: "10.60.0.0/24", displayName: "private-0" }]);
    });
});
