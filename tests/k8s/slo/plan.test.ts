/**
 * What the plans ship for SLOs and model staleness, on every cloud and stack: the SLO rules built
 * from the stack's objectives, waiting for the operator's webhook; the dashboard; and the
 * kube-state-metrics config that exports the staleness gauge, with the grant it needs.
 */
import { expect } from "chai";
import type { CapturedResource } from "../../../automation/capture";
import type { PlannedStack } from "../../../automation/planStack";
import { CLOUDS } from "../../../components/config";
import { MODEL_TRAINED_AT_ANNOTATION, MODEL_TRAINED_METRIC } from "../../../k8s/serving/modelFreshness";
import { servingAlerts } from "../../../k8s/serving/alerts";
import { SLO_DASHBOARD_UID } from "../../../k8s/slo/dashboard";
import { SLO_RULE_NAME } from "../../../k8s/slo";
import { ofType, okPlan, STACKS } from "../../support/plans";
import { defaultGroups } from "./scenarios";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const PROMETHEUS_RULE = "kubernetes:monitoring.coreos.com/v1:PrometheusRule";

function kubePrometheusStack(p: PlannedStack): CapturedResource {
    const found = ofType(p, RELEASE).filter((r) => r.inputs.name === "kube-prometheus-stack");
    expect(found).to.have.length(1);
    return found[0];
}

function sloRule(p: PlannedStack): CapturedResource {
    const found = ofType(p, PROMETHEUS_RULE).filter((r) => (r.inputs.metadata as { name: string }).name === SLO_RULE_NAME);
    expect(found, `PrometheusRule ${SLO_RULE_NAME}`).to.have.length(1);
    return found[0];
}

for (const stack of STACKS) {
    for (const cloud of CLOUDS) {
        describe(`SLOs and model staleness in the plan (${stack}, ${cloud})`, () => {
            let p: PlannedStack;
            before(async () => {
                p = await okPlan(stack, cloud);
            });

            it("ships the burn-rate rules for the stack's objectives, after the operator's webhook is serving", () => {
                const rule = sloRule(p);
                expect((rule.inputs.spec as { groups: unknown }).groups).to.deep.equal(defaultGroups(stack));
                expect((rule.inputs.metadata as { namespace: string; labels: Record<string, string> }).labels).to.include({ release: "kube-prometheus-stack" });
                expect(rule.dependencies).to.include(kubePrometheusStack(p).urn);
                const crds = ofType(p, RELEASE).find((r) => r.inputs.name === "prometheus-operator-crds")!;
                expect(rule.dependencies).to.include(crds.urn);
            });

            it("ships the error-budget dashboard for Grafana's sidecar", () => {
                const maps = ofType(p, "kubernetes:core/v1:ConfigMap").filter((r) => (r.inputs.metadata as { name: string }).name === `dashboard-${SLO_DASHBOARD_UID}`);
                expect(maps).to.have.length(1);
                expect((maps[0].inputs.metadata as { labels: Record<string, string> }).labels).to.include({ grafana_dashboard: "1" });
                const dashboard = JSON.parse((maps[0].inputs.data as Record<string, string>)[`${SLO_DASHBOARD_UID}.json`]);
                const exprs: string[] = dashboard.panels.flatMap((panel: { targets: { expr: string }[] }) => panel.targets.map((t) => t.expr));
                for (const slo of ["model-availability", "model-latency", "mlflow-availability"]) {
                    expect(exprs, slo).to.include(`slo:error_budget:remaining_ratio{slo="${slo}"}`);
                }
            });

            it("exports the staleness gauge from the InferenceServices' trained-at annotation, with the list/watch grant", () => {
                const ksm = (kubePrometheusStack(p).inputs.values as Record<string, any>)["kube-state-metrics"];
                expect(ksm.customResourceState.enabled).to.equal(true);
                const [resource] = ksm.customResourceState.config.spec.resources;
                expect(resource.groupVersionKind).to.deep.equal({ group: "serving.kserve.io", version: "v1beta1", kind: "InferenceService" });
                expect(`${resource.metricNamePrefix}_${resource.metrics[0].name}`).to.equal(MODEL_TRAINED_METRIC);
                expect(resource.metrics[0].each).to.deep.equal({ type: "Gauge", gauge: { path: ["metadata", "annotations"], valueFrom: [MODEL_TRAINED_AT_ANNOTATION] } });
                expect(ksm.rbac.extraRules).to.deep.include({ apiGroups: ["serving.kserve.io"], resources: ["inferenceservices"], verbs: ["list", "watch"] });
                const stale = servingAlerts("serving").flatMap((g) => g.rules).find((r) => r.alert === "ModelStale")!;
                expect(stale.expr).to.contain(MODEL_TRAINED_METRIC);
            });
        });
    }
}
