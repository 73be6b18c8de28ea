/**
 * What the plans ship for progressive delivery, on every cloud and stack: Flagger wired to Istio
 * and to the platform's Prometheus, installed after istiod and the monitoring CRDs, highly
 * available in production, restricted, scraped; the model-release MetricTemplates; the flows
 * Flagger needs and nothing more; the limits the stack exports to teams.
 */
import { expect } from "chai";
import type { CapturedResource } from "../../../automation/capture";
import type { PlannedStack } from "../../../automation/planStack";
import { CLOUDS } from "../../../components/config";
import { DELIVERY_DEFAULTS } from "../../../components/config/delivery";
import type { ModelReleasePolicy } from "../../../components/modelRelease";
import { ERROR_RATE_QUERY, LATENCY_P99_QUERY, METRIC_TEMPLATES } from "../../../k8s/delivery/metricTemplates";
import { DELIVERY_CHARTS } from "../../../k8s/delivery/values";
import { KUBE_PROMETHEUS_RELEASE } from "../../../k8s/monitoring";
import { PROMETHEUS_URL } from "../../../k8s/serving";
import { ofType, okPlan, STACKS } from "../../support/plans";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";

function release(p: PlannedStack, name: string): CapturedResource {
    const found = ofType(p, RELEASE).filter((r) => r.inputs.name === name);
    expect(found, `release ${name}`).to.have.length(1);
    return found[0];
}

const values = (r: CapturedResource) => r.inputs.values as Record<string, any>;
const meta = (r: CapturedResource) => r.inputs.metadata as { name: string; namespace?: string; labels?: Record<string, string> };
const spec = (r: CapturedResource) => r.inputs.spec as Record<string, any>;
const policy = (p: PlannedStack, resourceName: string) => ofType(p, POLICY).find((r) => r.name === resourceName)!;
const fromNamespace = (ns: string) => ({ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": ns } } });

for (const stack of STACKS) {
    for (const cloud of CLOUDS) {
        describe(`progressive delivery in the plan (${stack}, ${cloud})`, () => {
            let p: PlannedStack;
            before(async () => {
                p = await okPlan(stack, cloud);
            });

            it("runs Flagger from its pinned chart with Istio as the router and the platform's Prometheus as the metrics server", () => {
                const flagger = release(p, "flagger");
                expect(flagger.inputs).to.deep.include({ chart: "flagger", version: DELIVERY_CHARTS.flagger.version, namespace: "flagger", repositoryOpts: { repo: "https://flagger.app" } });
                const v = values(flagger);
                expect(v.meshProvider).to.equal("istio");
                expect(v.metricsServer).to.equal(PROMETHEUS_URL);
                // The URL names the kube-prometheus-stack release's Prometheus Service in the monitoring namespace.
                const prometheus = release(p, KUBE_PROMETHEUS_RELEASE);
                expect(PROMETHEUS_URL).to.equal(`http://${KUBE_PROMETHEUS_RELEASE}-prometheus.${prometheus.inputs.namespace}.svc.cluster.local:9090`);
                expect(v.prometheus.install).to.equal(false);
            });

            it("installs Flagger after istiod (it writes VirtualServices) and the Prometheus Operator's CRDs (its ServiceMonitor), CRDs from templates only", () => {
                const flagger = release(p, "flagger");
                expect(flagger.dependencies).to.include(release(p, "istiod").urn);
                expect(flagger.dependencies).to.include(release(p, "prometheus-operator-crds").urn);
                // helm.v3.Release would install crds/ once and never upgrade them: the chart renders them as templates instead.
                expect(flagger.inputs.skipCrds).to.equal(true);
                expect(values(flagger).crd).to.deep.equal({ create: true });
            });

            it(stack === "production" ? "is highly available: two replicas with leader election, a PDB, spread over zones" : "runs one replica in staging", () => {
                const v = values(release(p, "flagger"));
                if (stack === "production") {
                    expect(v.leaderElection).to.deep.equal({ enabled: true, replicaCount: 2 });
                    expect(v.podDisruptionBudget).to.deep.equal({ enabled: true, minAvailable: 1 });
                    const terms = v.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution.map((t: any) => t.podAffinityTerm.topologyKey);
                    expect(terms).to.include("topology.kubernetes.io/zone");
                } else {
                    expect(v.leaderElection).to.deep.equal({ enabled: false, replicaCount: 1 });
                    expect(v.podDisruptionBudget.enabled).to.equal(false);
                }
            });

            it("runs in a restricted namespace outside the mesh, with a container context the restricted level admits", () => {
                const ns = ofType(p, "kubernetes:core/v1:Namespace").find((r) => meta(r).name === "flagger")!;
                expect(meta(ns).labels).to.include({ "pod-security.kubernetes.io/enforce": "restricted" });
                expect(meta(ns).labels).to.not.have.property("istio-injection", "enabled");
                const sc = values(release(p, "flagger")).securityContext;
                expect(sc.enabled).to.equal(true);
                expect(sc.context).to.deep.include({ runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, seccompProfile: { type: "RuntimeDefault" } });
                expect(sc.context.capabilities).to.deep.equal({ drop: ["ALL"] });
            });

            it("is scraped by Prometheus (ServiceMonitor keeping the canary's namespace label) on its metrics port only", () => {
                expect(values(release(p, "flagger")).serviceMonitor).to.deep.equal({ enabled: true, honorLabels: true });
                expect(spec(policy(p, "flagger-allow-ingress")).ingress).to.deep.equal([{ from: [fromNamespace("monitoring")], ports: [{ port: 8080, protocol: "TCP" }] }]);
            });

            it("reaches only the API server and Prometheus's query port, which admits it", () => {
                expect(spec(policy(p, "flagger-allow-egress")).egress).to.deep.equal([
                    { ports: [{ port: 443, protocol: "TCP" }] },
                    { ports: [{ port: 9090, protocol: "TCP" }], to: [fromNamespace("monitoring")] },
                ]);
                const queries = spec(policy(p, "monitoring-allow-ingress")).ingress.find((r: any) => r.ports.some((x: any) => x.port === 9090));
                expect(queries.from).to.deep.include(fromNamespace("flagger"));
            });

            it("creates the model-release MetricTemplates against the platform's Prometheus, after Flagger's CRDs", () => {
                const templates = ofType(p, "kubernetes:flagger.app/v1beta1:MetricTemplate");
                const byName = Object.fromEntries(templates.map((t) => [meta(t).name, t]));
                expect(Object.keys(byName).sort()).to.deep.equal(Object.values(METRIC_TEMPLATES).sort());
                expect(spec(byName[METRIC_TEMPLATES.errorRate]).query).to.equal(ERROR_RATE_QUERY);
                expect(spec(byName[METRIC_TEMPLATES.latencyP99]).query).to.equal(LATENCY_P99_QUERY);
                for (const t of templates) {
                    expect(meta(t).namespace).to.equal("flagger");
                    expect(spec(t).provider).to.deep.equal({ type: "prometheus", address: PROMETHEUS_URL });
                    expect(t.dependencies).to.include(release(p, "flagger").urn);
                }
            });

            it("alerts on a failed release from Flagger's own metric", () => {
                const rules = ofType(p, "kubernetes:monitoring.coreos.com/v1:PrometheusRule").flatMap((r) => spec(r).groups.flatMap((g: any) => g.rules));
                const failed = rules.find((r: any) => r.alert === "ModelReleaseFailed");
                expect(failed.expr).to.equal("max by (namespace, name) (flagger_canary_status) == 2");
            });

            it("ships the model-releases dashboard, read from Flagger's metrics", () => {
                const board = ofType(p, "kubernetes:core/v1:ConfigMap").find((r) => meta(r).name === "dashboard-ml-model-releases")!;
                expect(meta(board).labels).to.include({ grafana_dashboard: "1" });
                const json = JSON.parse(Object.values(board.inputs.data as Record<string, string>)[0]);
                const exprs = json.panels.flatMap((panel: any) => panel.targets.map((t: any) => t.expr)).join("\n");
                for (const metric of ["flagger_canary_weight", "flagger_canary_metric_analysis", "flagger_canary_status", "flagger_canary_failures_total"]) expect(exprs).to.include(metric);
            });

            it("exports the metric templates and the rollback limits from config to the teams' programs", () => {
                const exported = p.outputs.modelRelease as ModelReleasePolicy;
                const d = DELIVERY_DEFAULTS[stack];
                expect(exported).to.deep.equal({
                    enabled: true,
                    metricTemplates: { namespace: "flagger", ...METRIC_TEMPLATES },
                    maxErrorRatePercent: 5,
                    maxP99Ms: 2000,
                    stepWeightPercent: d.stepWeightPercent,
                    maxWeightPercent: d.maxWeightPercent,
                    intervalSeconds: d.intervalSeconds,
                    failedChecks: d.failedChecks,
                });
            });
        });
    }
}
