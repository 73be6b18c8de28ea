import { expect } from "chai";
import type { CapturedResource } from "../../automation/capture";
import type { PlannedStack } from "../../automation/planStack";
import { OFFLINE_SECRET_PLACEHOLDER } from "../../automation/stackConfig";
import { CHARTS } from "./charts";
import { NAMESPACES } from "./components";
import { ofType, okPlan, plan } from "../support/plans";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const PLATFORM_NAMESPACES = Object.values(NAMESPACES).map((n) => n.name);
const PSA_LEVELS = ["restricted", "baseline", "privileged"];

function release(p: PlannedStack, name: string): CapturedResource {
    const found = ofType(p, RELEASE).filter((r) => r.inputs.name === name);
    expect(found, `release ${name}`).to.have.length(1);
    return found[0];
}

function values(r: CapturedResource): any {
    return r.inputs.values as any;
}

function metadata(r: CapturedResource): { name: string; namespace?: string; labels?: Record<string, string> } {
    return r.inputs.metadata as any;
}

function customResources(p: PlannedStack, group: string): CapturedResource[] {
    return p.resources.filter((r) => r.type.startsWith(`kubernetes:${group}/`));
}

/** Resources under the platform layer, except cluster add-ons (those depend on what the cloud provides). */
function platformObjects(p: PlannedStack): CapturedResource[] {
    const layer = p.resources.find((r) => r.type === "mlplatform:k8s:PlatformLayer");
    expect(layer, "the platform layer component").to.not.equal(undefined);
    const excluded = new Set(p.resources.filter((r) => r.type === "mlplatform:k8s:ClusterAddons").map((r) => r.urn));
    const inLayer = (r: CapturedResource): boolean => {
        for (let parent = r.parent; parent; parent = p.resources.find((x) => x.urn === parent)?.parent ?? null) {
            if (excluded.has(parent)) return false;
            if (parent === layer!.urn) return true;
        }
        return false;
    };
    return p.resources.filter((r) => r.custom && inLayer(r));
}

for (const stack of ["production", "staging"]) {
    describe(`platform layer plan (${stack}, AWS)`, () => {
        let p: PlannedStack;
        before(async () => {
            p = await okPlan(stack);
        });

        it("installs Istio base, istiod and gateway, cert-manager, kube-prometheus-stack, MLflow and KServe", () => {
            const names = ofType(p, RELEASE).map((r) => r.inputs.name);
            expect(names).to.include.members(["istio-base", "istio-cni", "istiod", "istio-ingressgateway", "cert-manager", "kube-prometheus-stack", "mlflow", "kserve-crd", "kserve", "kserve-runtime-configs", "keda"]);
        });

        it("gives every Helm release a pinned chart version, an explicit name, namespace and timeout", () => {
            const pinned = new Map<string, string>(Object.values(CHARTS).map((c) => [c.chart, c.version]));
            for (const r of ofType(p, RELEASE)) {
                expect(r.inputs.version, r.name).to.equal(pinned.get(r.inputs.chart as string));
                expect(r.inputs.name, r.name).to.be.a("string").and.not.equal("");
                expect(r.inputs.namespace, r.name).to.be.a("string").and.not.equal("");
                expect(r.inputs.timeout, r.name).to.be.a("number").and.be.greaterThan(0);
            }
        });

        it("installs CRDs before anything that uses them", () => {
            const urn = (name: string) => release(p, name).urn;
            const needs = (r: CapturedResource, dep: string) => expect(r.dependencies, `${r.type} ${r.name} waits for ${dep}`).to.include(urn(dep));
            needs(release(p, "istiod"), "istio-base");
            needs(release(p, "istio-ingressgateway"), "istiod");
            for (const r of [...customResources(p, "security.istio.io"), ...customResources(p, "networking.istio.io")]) {
                needs(r, "istio-base");
                needs(r, "istiod");
            }
            needs(release(p, "cert-manager"), "prometheus-operator-crds");
            for (const r of customResources(p, "cert-manager.io")) needs(r, "cert-manager");
            needs(release(p, "kube-prometheus-stack"), "prometheus-operator-crds");
            needs(release(p, "kube-prometheus-stack"), "cert-manager");
            for (const r of customResources(p, "monitoring.coreos.com")) needs(r, "prometheus-operator-crds");
            needs(release(p, "kserve"), "kserve-crd");
            needs(release(p, "kserve"), "cert-manager");
            needs(release(p, "kserve-runtime-configs"), "kserve");
            for (const r of customResources(p, "serving.kserve.io")) needs(r, "kserve-crd");
        });

        it("enforces STRICT mutual TLS mesh-wide and denies requests by default", () => {
            const peer = ofType(p, "kubernetes:security.istio.io/v1:PeerAuthentication");
            expect(peer.map((r) => [metadata(r).name, metadata(r).namespace, (r.inputs.spec as any).mtls.mode])).to.deep.equal([
                ["default", "istio-system", "STRICT"],
                // Tempo keeps STRICT but for its query port (tests/k8s/tracing/plan.test.ts).
                ["tempo-query", "tracing", "STRICT"],
            ]);
            const policies = ofType(p, "kubernetes:security.istio.io/v1:AuthorizationPolicy");
            const rootDeny = policies.filter((r) => metadata(r).namespace === "istio-system");
            expect(rootDeny.map((r) => r.inputs.spec)).to.deep.equal([{}]);
            const mlflow = policies.find((r) => metadata(r).name === "allow-mlflow")!;
            const principals = (mlflow.inputs.spec as any).rules.flatMap((rule: any) => rule.from[0].source.principals);
            expect(principals).to.include("cluster.local/ns/istio-ingress/sa/istio-ingressgateway");
        });

        it("labels every namespace for Pod Security Admission, and injects the mesh where it applies", () => {
            const namespaces = ofType(p, "kubernetes:core/v1:Namespace");
            expect(namespaces.map((r) => metadata(r).name)).to.have.members(PLATFORM_NAMESPACES);
            for (const ns of namespaces) {
                const labels = metadata(ns).labels!;
                expect(PSA_LEVELS, metadata(ns).name).to.include(labels["pod-security.kubernetes.io/enforce"]);
                expect(labels["pod-security.kubernetes.io/enforce-version"]).to.match(/^v1\.\d+$/);
            }
            const level = (name: string) => metadata(namespaces.find((n) => metadata(n).name === name)!).labels!;
            expect(level("mlflow")).to.include({ "pod-security.kubernetes.io/enforce": "restricted", "istio-injection": "enabled" });
            expect(level("serving")).to.include({ "pod-security.kubernetes.io/enforce": "restricted", "istio-injection": "enabled" });
            expect(level("kserve")["istio-injection"]).to.equal("disabled");
        });

        it("puts a default-deny NetworkPolicy in every platform namespace", () => {
            const denies = ofType(p, "kubernetes:networking.k8s.io/v1:NetworkPolicy").filter((r) => metadata(r).name === "default-deny");
            expect(denies.map((r) => metadata(r).namespace)).to.have.members(PLATFORM_NAMESPACES);
            for (const r of denies) expect(r.inputs.spec).to.deep.equal({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
        });

        it("keeps every secret out of Helm values", () => {
            for (const r of ofType(p, RELEASE)) {
                const text = JSON.stringify(r.inputs.values);
                expect(text, r.name).to.not.include("[secret]");
                for (const secret of p.secretValues) expect(text.includes(secret), `${r.name} contains a secret value`).to.equal(false);
            }
        });

        it("hands the database credentials to MLflow through a Secret synced by an ExternalSecret it waits for", () => {
            const synced = ofType(p, "kubernetes:external-secrets.io/v1:ExternalSecret").find((r) => metadata(r).name === "platform-database" && metadata(r).namespace === "mlflow")!;
            expect((synced.inputs.spec as any).target.name).to.equal("platform-database");
            const mlflow = release(p, "mlflow");
            expect(values(mlflow).backendStore.existingDatabaseSecret.name).to.equal("platform-database");
            expect(mlflow.dependencies).to.include(synced.urn);
            expect(values(mlflow).serviceAccount.annotations["eks.amazonaws.com/role-arn"]).to.match(/^arn:aws:iam::/);
        });

        it("lands database and cache connection details in the serving namespace", () => {
            const inServing = (type: string) => ofType(p, type).filter((r) => metadata(r).namespace === "serving").map((r) => metadata(r).name);
            expect(inServing("kubernetes:external-secrets.io/v1:ExternalSecret")).to.have.members(["platform-database", "platform-cache"]);
            expect(inServing("kubernetes:core/v1:ConfigMap")).to.include.members(["platform-database", "platform-cache"]);
        });

        it("ships the alert rules and every component's dashboard", () => {
            const rules = ofType(p, "kubernetes:monitoring.coreos.com/v1:PrometheusRule");
            expect((rules[0].inputs.spec as any).groups.length).to.be.greaterThan(0);
            const dashboards = ofType(p, "kubernetes:core/v1:ConfigMap").filter((r) => metadata(r).labels?.grafana_dashboard === "1");
            expect(dashboards.map((r) => metadata(r).name)).to.have.members(["dashboard-ml-serving-overview", "dashboard-mlflow", "dashboard-ml-platform-slos", "dashboard-ray-clusters", "dashboard-ml-platform-image-scanning", "dashboard-cost-per-namespace", "dashboard-ml-model-releases"]);

        });

        it("serves the gateway's hosts over TLS with a certificate from the expected issuer", () => {
            const gateway = ofType(p, "kubernetes:networking.istio.io/v1:Gateway")[0];
            const https = (gateway.inputs.spec as any).servers.find((s: any) => s.port.number === 443);
            expect(https.tls).to.include({ mode: "SIMPLE", credentialName: "platform-gateway-tls" });
            const cert = ofType(p, "kubernetes:cert-manager.io/v1:Certificate").find((r) => metadata(r).name === "platform-gateway")!;
            expect((cert.inputs.spec as any).dnsNames).to.deep.equal(https.hosts);
            expect((cert.inputs.spec as any).issuerRef.name).to.equal(stack === "production" ? "letsencrypt" : "platform-ca");
        });

        it("sets HA replicas per environment", () => {
            const ha = stack === "production";
            expect(values(release(p, "istiod")).autoscaleMin).to.equal(ha ? 2 : 1);
            expect(values(release(p, "istio-ingressgateway")).autoscaling.minReplicas).to.equal(ha ? 2 : 1);
            expect(values(release(p, "cert-manager")).replicaCount).to.equal(ha ? 2 : 1);
            expect(values(release(p, "kube-prometheus-stack")).prometheus.prometheusSpec.replicas).to.equal(ha ? 2 : 1);
            expect(values(release(p, "mlflow")).replicaCount).to.equal(ha ? 2 : 1);
        });

        it("installs the cluster-autoscaler with the IRSA binding and metrics-server, as the EKS foundation asks", () => {
            const autoscaler = values(release(p, "cluster-autoscaler"));
            expect(autoscaler.rbac.serviceAccount.annotations["eks.amazonaws.com/role-arn"]).to.match(/^arn:aws:iam::/);
            expect(release(p, "metrics-server").inputs.namespace).to.equal("kube-system");
            const gpu = ofType(p, RELEASE).filter((r) => r.inputs.name === "nvidia-device-plugin");
            expect(gpu).to.have.length(stack === "production" ? 1 : 0, "only where a GPU pool exists");
        });

        it("exports the platform layer's outputs", () => {
            expect(p.outputs.mlflowUrl).to.match(/^https:\/\/mlflow\./);
            expect(p.outputs.modelsUrl).to.match(/^https:\/\/models\./);
            expect(p.outputs.servingNamespace).to.equal("serving");
        });
    });
}

describe("example InferenceService", () => {
    it("deploys behind the config flag with production autoscaling, non-root, through the gateway", async () => {
        const p = await okPlan("production", undefined, { platform: { domain: "ml.acme.example", acmeEmail: "a@acme.example", gatewayExposure: "external", exampleModel: true } });
        const isvc = ofType(p, "kubernetes:serving.kserve.io/v1beta1:InferenceService");
        expect(isvc).to.have.length(1);
        const predictor = (isvc[0].inputs.spec as any).predictor;
        expect([predictor.minReplicas, predictor.maxReplicas]).to.deep.equal([3, 50]);
        expect(predictor.serviceAccountName).to.equal("model-server");
        expect(predictor.model.securityContext).to.include({ runAsNonRoot: true, readOnlyRootFilesystem: true });
        const vs = ofType(p, "kubernetes:networking.istio.io/v1:VirtualService").find((r) => metadata(r).name === "sklearn-iris")!;
        expect((vs.inputs.spec as any).hosts).to.deep.equal(["models.ml.acme.example"]);
        expect((vs.inputs.spec as any).http[0].retries.attempts).to.equal(2);
        const dr = ofType(p, "kubernetes:networking.istio.io/v1:DestinationRule").find((r) => metadata(r).name === "sklearn-iris")!;
        expect((dr.inputs.spec as any).trafficPolicy.outlierDetection.consecutive5xxErrors).to.equal(5);
    });

    it("is absent when the flag is off", async () => {
        const p = await okPlan("production");
        expect(ofType(p, "kubernetes:serving.kserve.io/v1beta1:InferenceService")).to.have.length(0);
    });
});

describe("platform layer config", () => {
    it("requires an ACME e-mail for a production domain (DNS-01 works behind an internal gateway)", async () => {
        const result = await plan("production", undefined, { platform: { domain: "ml.acme.example" } });
        expect(result.error?.message).to.include("ml-platform:platform.acmeEmail");
        expect(result.resources.filter((r) => r.custom)).to.deep.equal([]);
    });

    it("keeps alert receiver credentials secret: in a Secret, referenced by file from the values", async () => {
        const alerting = { slackWebhookUrl: { secure: "AAABAslack" }, pagerDutyRoutingKey: { secure: "AAABApager" }, slackChannel: "#ml-alerts" };
        const p = await okPlan("staging", undefined, { platform: { exampleModel: false, alerting } });
        const secret = ofType(p, "kubernetes:core/v1:Secret").find((r) => metadata(r).name === "alertmanager-receivers")!;
        expect(secret.inputs.stringData).to.equal("[secret]");
        const config = values(release(p, "kube-prometheus-stack")).alertmanager.config;
        expect(config.receivers.map((r: any) => r.name)).to.deep.equal(["null", "pagerduty", "slack"]);
        expect(JSON.stringify(p.resources)).to.not.include(OFFLINE_SECRET_PLACEHOLDER);
    });
});

describe("the same platform layer on every cloud", () => {
    it("plans the same Kubernetes objects and releases on AWS, GCP and Azure", async () => {
        const sets: { cloud: string; objects: string[] }[] = [];
        for (const cloud of ["aws", "gcp", "azure"]) {
            const p = await okPlan("production", cloud);
            const objects = platformObjects(p).map((r) => (r.type === RELEASE ? `${r.type}::${r.inputs.name}@${r.inputs.version}` : `${r.type}::${r.name}`));
            sets.push({ cloud, objects: objects.sort() });
        }
        for (const other of sets.slice(1)) expect(other.objects, `${other.cloud} vs ${sets[0].cloud}`).to.deep.equal(sets[0].objects);
    });
});

describe("cache CA for clients that verify TLS", () => {
    const cacheFacts = async (cloud: string) =>
        (await okPlan("production", cloud)).resources.find(
            (r) => r.type === "kubernetes:core/v1:ConfigMap" && (r.inputs.metadata as { name: string }).name === "platform-cache",
        )!.inputs.data as Record<string, string>;

    it("publishes Memorystore's private CA next to the connection facts on GCP", async () => {
        expect((await cacheFacts("gcp"))["ca.crt"]).to.match(/BEGIN CERTIFICATE/);
    });

    it("adds no CA where the cache's certificate is publicly trusted (AWS, Azure)", async () => {
        expect(await cacheFacts("aws")).to.not.have.property("ca.crt");
        expect(await cacheFacts("azure")).to.not.have.property("ca.crt");
    });
});
