/**
 * What the plans ship for tracing, on every cloud and stack: Tempo's trace store in the platform
 * bucket through the cloud's workload identity, the collector forwarding to it, istiod's provider
 * and the mesh-wide Telemetry pointing at the collector, Grafana's Tempo data source, and the
 * order a real engine needs (Telemetry after istiod, the collector after Tempo).
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import type { CapturedResource } from "../../../automation/capture";
import type { PlannedStack } from "../../../automation/planStack";
import { CLOUDS } from "../../../components/config";
import { TRACING_DEFAULTS } from "../../../components/config/tracing";
import { COLLECTOR_SERVICE, OTLP_GRPC_PORT, PROMETHEUS_DATASOURCE_UID, TEMPO_HTTP_PORT, TRACING_PROVIDER } from "../../../k8s/tracing/provider";
import { TEMPO_HEADLESS_SERVICE, TRACES_PREFIX } from "../../../k8s/tracing/values";
import { ofType, okPlan, STACKS } from "../../support/plans";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const TELEMETRY = "kubernetes:telemetry.istio.io/v1:Telemetry";
const COLLECTOR_HOST = `${COLLECTOR_SERVICE}.tracing.svc.cluster.local`;
const TEMPO_HOST = "tempo.tracing.svc.cluster.local";

function release(p: PlannedStack, name: string): CapturedResource {
    const found = ofType(p, RELEASE).filter((r) => r.inputs.name === name);
    expect(found, `release ${name}`).to.have.length(1);
    return found[0];
}

function values(r: CapturedResource): Record<string, any> {
    return r.inputs.values as Record<string, any>;
}

/** Each cloud's storage block and the service-account annotation its workload identity needs. */
const STORE: Record<string, { backend: string; identityAnnotation: string; podLabels: Record<string, string> }> = {
    aws: { backend: "s3", identityAnnotation: "eks.amazonaws.com/role-arn", podLabels: {} },
    gcp: { backend: "gcs", identityAnnotation: "iam.gke.io/gcp-service-account", podLabels: {} },
    azure: { backend: "azure", identityAnnotation: "azure.workload.identity/client-id", podLabels: { "azure.workload.identity/use": "true" } },
};

/** Every key anywhere in a value, to search for credentials. */
function allKeys(value: unknown): string[] {
    if (Array.isArray(value)) return value.flatMap(allKeys);
    if (typeof value !== "object" || value === null) return [];
    return Object.entries(value).flatMap(([k, v]) => [k, ...allKeys(v)]);
}

for (const stack of STACKS) {
    for (const cloud of CLOUDS) {
        describe(`tracing in the plan (${stack}, ${cloud})`, () => {
            let p: PlannedStack;
            before(async () => {
                p = await okPlan(stack, cloud);
            });

            it("keeps Tempo's traces in the platform bucket under traces/, through workload identity and with no keys, for the configured retention", () => {
                const tempo = values(release(p, "tempo"));
                const config = JSON.parse(tempo.config);
                const expected = STORE[cloud];
                expect(config.storage.trace.backend).to.equal(expected.backend);
                const block = config.storage.trace[expected.backend];
                expect(block.prefix).to.equal(TRACES_PREFIX);
                if (cloud === "azure") expect(block.use_federated_token).to.equal(true);
                if (cloud === "aws") expect(block.endpoint).to.equal(`s3.${block.region}.amazonaws.com`);
                // The same bucket (container) MLflow's artifact root names.
                const bucket = block.bucket ?? block.bucket_name ?? block.container_name;
                expect(JSON.stringify(values(release(p, "mlflow")))).to.include(bucket);
                expect(allKeys(config)).to.not.include.members(["access_key", "secret_key", "storage_account_key", "service_account"]);
                expect(tempo.serviceAccount.annotations).to.have.property(expected.identityAnnotation).that.is.a("string").and.not.empty;
                expect(tempo.podLabels).to.deep.equal(expected.podLabels);
                expect(config.compactor.compaction.block_retention).to.equal(`${TRACING_DEFAULTS[stack].retentionHours}h`);
            });

            it("runs Tempo as one ring (scalable single binary joined over the headless Service), two replicas with a PDB in production", () => {
                const tempo = values(release(p, "tempo"));
                const config = JSON.parse(tempo.config);
                expect(config.target).to.equal("scalable-single-binary");
                const headless = ofType(p, "kubernetes:core/v1:Service").find((s) => (s.inputs.metadata as { name: string }).name === TEMPO_HEADLESS_SERVICE);
                expect(headless, "headless Service").to.not.equal(undefined);
                expect((headless!.inputs.spec as { clusterIP: string }).clusterIP).to.equal("None");
                expect(config.memberlist.join_members).to.deep.equal([`dns+${TEMPO_HEADLESS_SERVICE}.tracing.svc.cluster.local:7946`]);
                const pdbs = ofType(p, "kubernetes:policy/v1:PodDisruptionBudget").filter((r) => (r.inputs.metadata as { name: string }).name === "tempo");
                expect(tempo.replicas).to.equal(stack === "production" ? 2 : 1);
                expect(pdbs).to.have.length(stack === "production" ? 1 : 0);
                expect(tempo.persistence.enabled).to.equal(stack === "production");
            });

            it("points istiod's OpenTelemetry provider at the collector, and the mesh-wide Telemetry at that provider with the stack's sampling, after istiod", () => {
                const istiod = release(p, "istiod");
                const providers = values(istiod).meshConfig.extensionProviders as { name: string; opentelemetry: { service: string; port: number } }[];
                expect(providers).to.deep.equal([{ name: TRACING_PROVIDER, opentelemetry: { service: COLLECTOR_HOST, port: OTLP_GRPC_PORT } }]);
                expect(values(release(p, "otel-collector")).fullnameOverride).to.equal(COLLECTOR_SERVICE);
                const meshWide = ofType(p, TELEMETRY).filter((t) => (t.inputs.metadata as { namespace: string }).namespace === "istio-system");
                expect(meshWide).to.have.length(1);
                expect((meshWide[0].inputs.spec as Record<string, unknown>).tracing).to.deep.equal([
                    { providers: [{ name: TRACING_PROVIDER }], randomSamplingPercentage: TRACING_DEFAULTS[stack].samplingPercentage },
                ]);
                expect(meshWide[0].dependencies).to.include(istiod.urn);
            });

            it("has the collector export OTLP to Tempo, with the k8s distribution image, installed after Tempo", () => {
                const collector = release(p, "otel-collector");
                const v = values(collector);
                expect(v.image.repository).to.equal("otel/opentelemetry-collector-k8s");
                expect(v.alternateConfig.exporters["otlp/tempo"].endpoint).to.equal(`${TEMPO_HOST}:${OTLP_GRPC_PORT}`);
                expect(v.alternateConfig.service.pipelines.traces.exporters).to.deep.equal(["otlp/tempo"]);
                expect(JSON.parse(values(release(p, "tempo")).config).distributor.receivers.otlp.protocols.grpc.endpoint).to.equal(`0.0.0.0:${OTLP_GRPC_PORT}`);
                expect(collector.dependencies).to.include(release(p, "tempo").urn);
                expect(v.replicaCount).to.equal(stack === "production" ? 2 : 1);
            });

            it("gives Grafana a Tempo data source on Tempo's query port, linked to the Prometheus data source kube-prometheus-stack provisions", () => {
                const grafana = values(release(p, "kube-prometheus-stack")).grafana;
                const tempo = (grafana.additionalDataSources as { type: string; url: string; jsonData: Record<string, any> }[]).filter((d) => d.type === "tempo");
                expect(tempo).to.have.length(1);
                expect(tempo[0].url).to.equal(`http://${TEMPO_HOST}:${TEMPO_HTTP_PORT}`);
                expect(tempo[0].jsonData.tracesToMetrics.datasourceUid).to.equal(PROMETHEUS_DATASOURCE_UID);
                expect(tempo[0].jsonData.serviceMap.datasourceUid).to.equal(PROMETHEUS_DATASOURCE_UID);
                // The chart renders additionalDataSources with tpl.
                expect(JSON.stringify(tempo)).to.not.include("{{");
            });

            it("lets every meshed namespace send OTLP to the tracing namespace and only monitoring query Tempo", () => {
                const policies = ofType(p, "kubernetes:networking.k8s.io/v1:NetworkPolicy");
                const egress = policies.find((r) => r.name === "serving-allow-egress")!;
                const toTracing = (egress.inputs.spec as { egress: { to: any[]; ports: { port: number }[] }[] }).egress.find((rule) =>
                    rule.to.some((peer) => peer.namespaceSelector?.matchLabels?.["kubernetes.io/metadata.name"] === "tracing"),
                );
                expect(toTracing?.ports.map((x) => x.port)).to.deep.equal([4317, 4318]);
                const ingress = policies.find((r) => r.name === "tracing-allow-ingress")!;
                const queryRules = (ingress.inputs.spec as { ingress: { from: any[]; ports: { port: number }[] }[] }).ingress.filter((rule) => rule.ports.some((x) => x.port === TEMPO_HTTP_PORT));
                for (const rule of queryRules) {
                    expect(rule.from).to.deep.equal([{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } } }]);
                }
                // The one relaxation of STRICT mTLS: Tempo's query port, for Grafana outside the mesh.
                const relaxed = ofType(p, "kubernetes:security.istio.io/v1:PeerAuthentication").filter((r) => (r.inputs.metadata as { namespace: string }).namespace === "tracing");
                expect(relaxed.map((r) => r.inputs.spec)).to.deep.equal([
                    { selector: { matchLabels: { "app.kubernetes.io/name": "tempo", "app.kubernetes.io/instance": "tempo" } }, mtls: { mode: "STRICT" }, portLevelMtls: { [String(TEMPO_HTTP_PORT)]: { mode: "PERMISSIVE" } } },
                ]);
            });
        });
    }
}

describe("tracing against the charts' own files", () => {
    it("links to the data source uid kube-prometheus-stack 88.5.3 gives Prometheus", () => {
        const file = fs.readFileSync(path.join(__dirname, "..", "..", "..", "schemas", "charts", "kubePrometheusStack-88.5.3", "values.yaml"), "utf8");
        expect(file).to.match(new RegExp(`\\n\\s+uid: ${PROMETHEUS_DATASOURCE_UID}\\n`));
    });
});
