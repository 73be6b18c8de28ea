/**
 * The platform layer against each cloud's real cluster rules (issue 12): what mocks accept but a
 * real API server, dataplane or webhook would refuse or silently break. Every test reads the plan.
 */
import { expect } from "chai";
import type { CapturedResource } from "../../automation/capture";
import type { PlannedStack } from "../../automation/planStack";
import { CLUSTER_AUTOSCALER_IMAGE_TAGS } from "../../components/config/platform";
import { ofType, okPlan, plan } from "../support/plans";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const AWS = { region: "us-east-1", clusterAdmins: ["arn:aws:iam::123456789012:role/ml-platform-deployer"] };
/** Explicit add-on versions, for minors the AWS table does not pin. */
const ADDONS = { "vpc-cni": "v1.20.0-eksbuild.1", coredns: "v1.12.1-eksbuild.2", "kube-proxy": "v1.35.0-eksbuild.1", "aws-ebs-csi-driver": "v1.45.0-eksbuild.2" };
const CLOUDS = ["aws", "gcp", "azure"] as const;
const CILIUM_ENGINES = new Set(["gcp", "azure"]);
const meta = (r: CapturedResource) => r.inputs.metadata as { name: string; namespace?: string };
const spec = (r: CapturedResource) => r.inputs.spec as any;
const values = (p: PlannedStack, name: string): any => {
    const found = ofType(p, RELEASE).filter((r) => r.inputs.name === name);
    expect(found, `release ${name}`).to.have.length(1);
    return found[0].inputs.values;
};
const release = (p: PlannedStack, name: string) => ofType(p, RELEASE).find((r) => r.inputs.name === name)!;
const policies = (p: PlannedStack) => ofType(p, "kubernetes:networking.k8s.io/v1:NetworkPolicy");
const policy = (p: PlannedStack, ns: string, name: string) => policies(p).find((r) => meta(r).namespace === ns && meta(r).name === name)!;
const rulesWithPort = (rules: any[] | undefined, port: number) => (rules ?? []).filter((r) => (r.ports ?? []).some((x: any) => x.port === port));

for (const cloud of CLOUDS) {
    describe(`platform layer on a real ${cloud} cluster (production)`, () => {
        let p: PlannedStack;
        before(async () => {
            p = await okPlan("production", cloud);
        });

        it("admits webhook, node-scrape and load-balancer traffic by port, never through an ipBlock", () => {
            const edge: [string, "ingress" | "egress", number][] = [
                ["istio-system", "ingress", 15017],
                ["cert-manager", "ingress", 10250],
                ["kserve", "ingress", 9443],
                ["keda", "ingress", 9443],
                ["keda", "ingress", 6443],
                ["monitoring", "ingress", 10250],
                ["istio-ingress", "ingress", 443],
                ["monitoring", "egress", 10250],
                ["monitoring", "egress", 9100],
            ];
            for (const [ns, direction, port] of edge) {
                const name = direction === "ingress" ? "allow-ingress" : "allow-egress";
                const rules = rulesWithPort(spec(policy(p, ns, name))[direction], port);
                expect(rules, `${ns} ${direction} ${port}`).to.have.length.greaterThan(0);
                for (const r of rules) expect(r[direction === "ingress" ? "from" : "to"], `${ns} ${direction} ${port} has no peers`).to.equal(undefined);
            }
        });

        it("uses ipBlock only for addresses outside the cluster", () => {
            for (const r of policies(p)) {
                const s = spec(r);
                for (const rule of [...(s.ingress ?? []), ...(s.egress ?? [])]) {
                    for (const peer of [...(rule.from ?? []), ...(rule.to ?? [])]) {
                        if (!peer.ipBlock) continue;
                        const ports = (rule.ports ?? []).map((x: any) => x.port);
                        // In-cluster ports (webhooks, kubelet, node-exporter, gateway pods) never sit behind an ipBlock.
                        for (const inCluster of [15017, 10250, 9443, 6443, 9100, 80, 15021]) {
                            if (!(cloud === "gcp" && peer.ipBlock.cidr === "169.254.169.254/32")) expect(ports, `${meta(r).namespace}/${meta(r).name}`).to.not.include(inCluster);
                        }
                        if (CILIUM_ENGINES.has(cloud)) expect(rule.from, "no ingress ipBlock on Cilium").to.equal(undefined);
                    }
                }
            }
        });

        it("resolves DNS through whatever node-local resolver the cloud runs", () => {
            const dns = spec(policy(p, "serving", "allow-dns-and-namespace")).egress.find((e: any) => e.ports?.some((x: any) => x.port === 53));
            expect(dns.to).to.equal(undefined);
        });

        it("opens the metadata server only where workload identity needs it", () => {
            const cidrs = policies(p).flatMap((r) => (spec(r).egress ?? []).flatMap((e: any) => (e.to ?? []).map((t: any) => t.ipBlock?.cidr)));
            expect(cidrs.includes("169.254.169.254/32")).to.equal(cloud === "gcp");
        });

        it("gets the gateway's certificate from ACME DNS-01 against the stack's public zone", () => {
            const issuers = ofType(p, "kubernetes:cert-manager.io/v1:ClusterIssuer");
            const acme = issuers.find((r) => meta(r).name === "letsencrypt")!;
            const solver = spec(acme).acme.solvers[0];
            expect(solver.http01).to.equal(undefined);
            expect(Object.keys(solver.dns01)).to.deep.equal([{ aws: "route53", gcp: "cloudDNS", azure: "azureDNS" }[cloud]]);
            expect(solver.selector.dnsZones).to.deep.equal(["ml.acme.example"]);
            const cert = ofType(p, "kubernetes:cert-manager.io/v1:Certificate").find((r) => meta(r).name === "platform-gateway")!;
            expect(spec(cert).issuerRef.name).to.equal("letsencrypt");
            expect(cert.dependencies, "the certificate waits for its issuer").to.include(acme.urn);
        });

        it("gives cert-manager's controller a workload identity for the zone", () => {
            const cm = values(p, "cert-manager");
            const key = { aws: "eks.amazonaws.com/role-arn", gcp: "iam.gke.io/gcp-service-account", azure: "azure.workload.identity/client-id" }[cloud];
            expect(cm.serviceAccount.annotations).to.have.property(key);
            if (cloud === "azure") expect(cm.podLabels).to.deep.equal({ "azure.workload.identity/use": "true" });
        });

        it("creates the public zone and publishes the gateway's hosts with external-dns", () => {
            const zoneType = { aws: "aws:route53/zone:Zone", gcp: "gcp:dns/managedZone:ManagedZone", azure: "azure-native:dns:Zone" }[cloud];
            const zones = ofType(p, zoneType);
            expect(zones).to.have.length(1);
            expect(zones[0].protect, "the zone is protected in production").to.equal(true);
            const dns = values(p, "external-dns");
            expect(dns.provider.name).to.equal({ aws: "aws", gcp: "google", azure: "azure" }[cloud]);
            expect(dns.sources).to.deep.equal(["istio-gateway"]);
            expect(dns.domainFilters).to.deep.equal(["ml.acme.example"]);
            expect(dns.policy).to.equal("sync");
            expect(dns.txtOwnerId).to.be.a("string").and.not.equal("");
            const gateway = ofType(p, "kubernetes:networking.istio.io/v1:Gateway")[0];
            // Airflow's host too: the production stack turns pipelines on.
            expect(spec(gateway).servers[0].hosts).to.deep.equal(["mlflow.ml.acme.example", "models.ml.acme.example", "airflow.ml.acme.example"]);
            expect(release(p, "external-dns").dependencies).to.include(release(p, "istio-base").urn);
        });

        it("scrapes and alerts on nothing the managed control plane or the dataplane hides", () => {
            const kps = values(p, "kube-prometheus-stack");
            for (const c of ["kubeControllerManager", "kubeScheduler", "kubeEtcd"]) expect(kps[c].enabled, c).to.equal(false);
            expect(kps.kubeProxy.enabled, "kube-proxy runs only on EKS").to.equal(cloud === "aws");
            expect(kps.coreDns.enabled, "GKE runs kube-dns").to.equal(cloud !== "gcp");
            expect(kps.defaultRules.rules).to.include({ etcd: false, kubeControllerManager: false, kubeSchedulerAlerting: false, kubeSchedulerRecording: false, kubeProxy: cloud === "aws" });
        });

        it("starts Prometheus after istiod, and the platform rules after the operator's webhook", () => {
            const kps = release(p, "kube-prometheus-stack");
            expect(kps.dependencies).to.include(release(p, "istiod").urn);
            const rule = ofType(p, "kubernetes:monitoring.coreos.com/v1:PrometheusRule")[0];
            expect(rule.dependencies).to.include(kps.urn);
        });

        it("installs KEDA before KServe, whose controller watches ScaledObjects only if their CRD exists at start-up", () => {
            expect(release(p, "kserve").dependencies).to.include(release(p, "keda").urn);
        });

        it("lets MLflow answer the scraper, whose Host header is a pod IP", () => {
            const hosts: string[] = values(p, "mlflow").serverAllowedHosts;
            const podRange = cloud === "aws" ? "10.40." : "100.64.";
            expect(hosts.some((h) => h === `${podRange}*`), hosts.join(", ")).to.equal(true);
        });

        it("requires authentication for MLflow, with a generated admin password kept secret", () => {
            const mlflow = values(p, "mlflow");
            expect(mlflow.auth).to.include({ enabled: true, appName: "basic-auth" });
            expect(mlflow.auth.existingAdminSecret.name).to.equal("mlflow-admin");
            expect(mlflow.auth.postgres.existingSecret.name).to.equal("platform-database");
            const admin = ofType(p, "kubernetes:core/v1:Secret").find((r) => meta(r).name === "mlflow-admin")!;
            expect(admin.inputs.stringData).to.equal("[secret]");
            expect(release(p, "mlflow").dependencies).to.include(admin.urn);
            const monitor = ofType(p, "kubernetes:monitoring.coreos.com/v1:ServiceMonitor").find((r) => meta(r).name === "mlflow")!;
            expect(spec(monitor).endpoints[0].basicAuth.password).to.deep.equal({ name: "mlflow-admin", key: "password" });
        });

        it("hands PGSSLMODE to the schema migration, not only to the server", () => {
            const mlflow = values(p, "mlflow");
            expect(mlflow.backendStore.databaseMigration, "the chart's migration container gets no extra env").to.equal(false);
            const migrate = mlflow.initContainers.find((c: any) => c.name === "db-migrate");
            // Cloud SQL's server certificate names the instance, not its private IP: verify-ca with its CA.
            const sslMode = cloud === "gcp" ? "verify-ca" : "require";
            expect(migrate.env).to.deep.include({ name: "PGSSLMODE", value: sslMode });
            expect(migrate.envFrom).to.deep.equal([{ configMapRef: { name: "mlflow-env-configmap" } }]);
            expect(mlflow.extraEnvVars.PGSSLMODE).to.equal(sslMode);
            if (cloud === "gcp") {
                const root = "/etc/platform/database/ca.crt";
                expect(migrate.env).to.deep.include({ name: "PGSSLROOTCERT", value: root });
                expect(mlflow.extraEnvVars.PGSSLROOTCERT).to.equal(root);
                expect(mlflow.extraVolumes[0].configMap).to.deep.equal({ name: "platform-database", items: [{ key: "ca.crt", path: "ca.crt" }] });
                for (const mounts of [migrate.volumeMounts, mlflow.extraVolumeMounts]) {
                    expect(mounts).to.deep.include({ name: "database-ca", mountPath: "/etc/platform/database", readOnly: true });
                }
            } else {
                expect(mlflow.extraEnvVars).to.not.have.property("PGSSLROOTCERT");
            }
        });
    });
}

describe("platform layer: autoscaling", () => {
    it("scales the example model on a KEDA Value target, as KServe's webhook requires", async () => {
        const p = await okPlan("staging");
        const isvc = ofType(p, "kubernetes:serving.kserve.io/v1beta1:InferenceService")[0];
        const external = spec(isvc).predictor.autoScaling.metrics.find((m: any) => m.type === "External");
        expect(external.external.target).to.deep.equal({ type: "Value", value: "20" });
    });

    it("pins the cluster-autoscaler image to the cluster's Kubernetes minor", async () => {
        const p = await okPlan("production", "aws");
        expect(values(p, "cluster-autoscaler").image.tag).to.equal(CLUSTER_AUTOSCALER_IMAGE_TAGS["1.35"]);
        const previous = await okPlan("production", "aws", { kubernetesVersion: "1.34", aws: { ...AWS, addonVersions: ADDONS, upgradePolicy: "EXTENDED" } });
        expect(values(previous, "cluster-autoscaler").image.tag).to.match(/^v1\.34\./);
    });

    it("refuses a Kubernetes minor without a pinned autoscaler image on EKS, before anything is registered", async () => {
        // 1.32 is in the EKS calendar (extended support until 2027-03-23) but has no autoscaler row.
        const result = await plan("production", "aws", { kubernetesVersion: "1.32", aws: { ...AWS, addonVersions: ADDONS, upgradePolicy: "EXTENDED" } });
        expect(result.error?.message).to.include("ml-platform:kubernetesVersion").and.include("cluster-autoscaler");
        expect(result.resources.filter((r) => r.custom)).to.deep.equal([]);
    });
});

describe("platform layer: staging without a public zone", () => {
    it("keeps the self-signed CA, and creates no zone and no external-dns", async () => {
        const p = await okPlan("staging");
        expect(ofType(p, "aws:route53/zone:Zone")).to.have.length(0);
        expect(ofType(p, RELEASE).map((r) => r.inputs.name)).to.not.include("external-dns");
        const cert = ofType(p, "kubernetes:cert-manager.io/v1:Certificate").find((r) => meta(r).name === "platform-gateway")!;
        expect(spec(cert).issuerRef.name).to.equal("platform-ca");
    });

    it("gets ACME DNS-01 certificates behind an internal gateway once the zone is asked for", async () => {
        const p = await okPlan("staging", undefined, { platform: { domain: "staging.ml.acme.example", publicDns: true, acmeEmail: "ops@acme.example", gatewayExposure: "internal" } });
        const cert = ofType(p, "kubernetes:cert-manager.io/v1:Certificate").find((r) => meta(r).name === "platform-gateway")!;
        expect(spec(cert).issuerRef.name).to.equal("letsencrypt");
        expect(ofType(p, "aws:route53/zone:Zone")).to.have.length(1);
    });

    it("asks for a domain and an ACME e-mail with the public zone", async () => {
        const result = await plan("staging", undefined, { platform: { publicDns: true, domain: undefined } });
        expect(result.error?.message).to.include("ml-platform:platform.acmeEmail");
        expect(result.resources.filter((r) => r.custom)).to.deep.equal([]);
    });
});
