/**
 * OpenCost in the captured plans: on every stack and cloud, the pinned chart reading the platform's
 * own Prometheus (the service kube-prometheus-stack really creates), restricted security contexts,
 * no cloud credentials, its metrics scraped back, the flows to and from Prometheus, and the Grafana
 * dashboard of cost per namespace.
 */
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import type { CapturedResource } from "../../../automation/capture";
import type { PlannedStack } from "../../../automation/planStack";
import { CLOUDS } from "../../../components/config";
import { costDashboard, CPU_COST_BY_NAMESPACE, MEMORY_COST_BY_NAMESPACE } from "../../../k8s/opencost/dashboard";
import { OPENCOST_API_PORT } from "../../../k8s/opencost/values";
import { ofType, okPlan, STACKS } from "../../support/plans";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
type Values = Record<string, any>;

const release = (p: PlannedStack, name: string): CapturedResource => {
    const found = ofType(p, RELEASE).filter((r) => r.inputs.name === name);
    expect(found, `release ${name}`).to.have.length(1);
    return found[0];
};
const meta = (r: CapturedResource) => r.inputs.metadata as { name: string; namespace?: string; labels?: Record<string, string> };
const policy = (p: PlannedStack, ns: string, name: string) => {
    const found = ofType(p, POLICY).filter((r) => meta(r).name === name && meta(r).namespace === ns);
    expect(found, `${ns}/${name}`).to.have.length(1);
    return found[0].inputs.spec as Values;
};
const fromNamespace = (ns: string) => ({ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": ns } } });

for (const stack of STACKS) {
    for (const cloud of CLOUDS) {
        describe(`OpenCost (${stack} on ${cloud})`, () => {
            let p: PlannedStack;
            let v: Values;
            before(async () => {
                p = await okPlan(stack, cloud);
                v = release(p, "opencost").inputs.values as Values;
            });

            it("pins chart 2.5.17 and reads kube-prometheus-stack's Prometheus, not the chart's default service", () => {
                const r = release(p, "opencost");
                expect(r.inputs).to.include({ chart: "opencost", version: "2.5.17", namespace: "opencost" });
                expect((r.inputs.repositoryOpts as { repo: string }).repo).to.equal("https://opencost.github.io/opencost-helm-chart");
                const kps = release(p, "kube-prometheus-stack");
                expect(v.opencost.prometheus.internal).to.deep.equal({ enabled: true, serviceName: `${kps.inputs.name}-prometheus`, namespaceName: kps.inputs.namespace, port: 9090, scheme: "http" });
                expect(v.opencost.prometheus.external.enabled).to.equal(false);
                // Its cost series come back through Prometheus; honorLabels keeps their namespace label.
                expect(v.opencost.metrics.serviceMonitor).to.include({ enabled: true, honorLabels: true });
                const crds = release(p, "prometheus-operator-crds");
                expect(r.dependencies).to.include(crds.urn);
            });

            it("runs one exporter, no UI and no MCP server, with no cloud credentials", () => {
                expect(v.opencost.exporter.replicas).to.equal(1);
                expect(v.opencost.ui.enabled).to.equal(false);
                expect(v.opencost.mcp.enabled).to.equal(false);
                expect(v.opencost.exporter.defaultClusterId).to.equal(`ml-platform-${stack}`);
                const text = JSON.stringify(v);
                for (const key of ["cloudProviderApiKey", "access_key_id", "secret_access_key", "cloudIntegrationJSON", "cloudIntegrationSecret", "azureClientSecret"]) expect(text).to.not.contain(key);
            });

            it("passes restricted Pod Security: non-root, seccomp, read-only root with a writable config directory", () => {
                expect(v.podSecurityContext).to.include({ runAsNonRoot: true, runAsUser: 1001 });
                expect(v.podSecurityContext.seccompProfile).to.deep.equal({ type: "RuntimeDefault" });
                expect(v.opencost.exporter.securityContext).to.deep.include({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ["ALL"] } });
                expect(v.opencost.exporter.extraVolumeMounts).to.deep.equal([{ name: "configs", mountPath: "/var/configs" }]);
                expect(v.extraVolumes).to.deep.equal([{ name: "configs", emptyDir: {} }]);
                const ns = ofType(p, "kubernetes:core/v1:Namespace").find((n) => meta(n).name === "opencost")!;
                expect(meta(ns).labels).to.include({ "pod-security.kubernetes.io/enforce": "restricted" });
            });

            it("queries Prometheus through a flow the monitoring namespace accepts, and is scraped on its API port", () => {
                expect(policy(p, "monitoring", "allow-ingress").ingress).to.deep.include({ from: [fromNamespace("opencost")], ports: [{ port: 9090, protocol: "TCP" }] });
                const egress = policy(p, "opencost", "allow-egress").egress as Values[];
                expect(egress).to.deep.include({ to: [fromNamespace("monitoring")], ports: [{ port: 9090, protocol: "TCP" }] });
                // The cloud's price list: HTTPS only.
                expect(egress.filter((r) => !r.to || r.to.some((t: Values) => t.ipBlock)).flatMap((r) => r.ports)).to.deep.include({ port: 443, protocol: "TCP" });
                expect(policy(p, "opencost", "allow-ingress").ingress).to.deep.include({ from: [fromNamespace("monitoring")], ports: [{ port: OPENCOST_API_PORT, protocol: "TCP" }] });
            });

            it("puts cost per namespace on a Grafana dashboard, pricing each namespace's allocation at its node's rate", () => {
                const cm = ofType(p, "kubernetes:core/v1:ConfigMap").find((c) => meta(c).name === "dashboard-cost-per-namespace");
                expect(cm, "dashboard ConfigMap").to.not.equal(undefined);
                expect(meta(cm!).labels).to.include({ grafana_dashboard: "1" });
                const dashboard = JSON.parse(Object.values(cm!.inputs.data as Record<string, string>)[0]);
                const exprs = dashboard.panels.flatMap((panel: Values) => panel.targets.map((t: Values) => t.expr as string));
                expect(exprs[0]).to.equal(`(${CPU_COST_BY_NAMESPACE}) + (${MEMORY_COST_BY_NAMESPACE})`);
                for (const e of exprs.slice(0, 3)) expect(e).to.match(/^\(*sum by \(namespace\)/).and.contain("on (node) group_left");
                expect(dashboard.panels[0].fieldConfig.defaults.unit).to.equal("currencyUSD");
            });
        });
    }
}

describe("OpenCost's dashboard queries under promtool", function () {
    before(function () {
        if (spawnSync("promtool", ["--version"]).status !== 0) {
            if (process.env.CI) throw new Error("promtool is required in CI: apt-get install prometheus");
            this.skip();
        }
    });

    it("price each namespace's allocation at its own node's rate, and split node cost by spot", () => {
        const panels = costDashboard().panels;
        const rules = panels.flatMap((panel, i) => panel.targets.map((t, j) => ({ record: `panel_${i}_${j}`, expr: t.expr })));
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "promtool-opencost-"));
        fs.writeFileSync(path.join(dir, "rules.yaml"), stringify({ groups: [{ name: "dashboard", rules }] }));
        // Team a: 2 cores and 4 GiB on n1 (on-demand), 1 core on n2 (spot); team b: 1 GPU on n1.
        const series = [
            ['container_cpu_allocation{namespace="a",pod="p1",container="c",node="n1"}', "2"],
            ['container_cpu_allocation{namespace="a",pod="p2",container="c",node="n2"}', "1"],
            ['container_memory_allocation_bytes{namespace="a",pod="p1",container="c",node="n1"}', String(4 * 1073741824)],
            ['container_memory_allocation_bytes{namespace="a",pod="p2",container="c",node="n2"}', "0"],
            ['container_gpu_allocation{namespace="b",pod="p3",container="c",node="n1"}', "1"],
            ['node_cpu_hourly_cost{node="n1",instance_type="m7i.xlarge"}', "0.05"],
            ['node_cpu_hourly_cost{node="n2",instance_type="m7i.xlarge"}', "0.01"],
            ['node_ram_hourly_cost{node="n1"}', "0.005"],
            ['node_ram_hourly_cost{node="n2"}', "0.001"],
            ['node_gpu_hourly_cost{node="n1"}', "2"],
            ['node_total_hourly_cost{node="n1"}', "4"],
            ['node_total_hourly_cost{node="n2"}', "1"],
            ['kubecost_node_is_spot{node="n1"}', "0"],
            ['kubecost_node_is_spot{node="n2"}', "1"],
        ].map(([s, v]) => ({ series: s, values: `${v}x5` }));
        const sample = (record: string, labels: string, value: number) => ({ labels: `${record}${labels}`, value });
        const tests = {
            rule_files: ["rules.yaml"],
            evaluation_interval: "1m",
            tests: [
                {
                    interval: "1m",
                    input_series: series,
                    promql_expr_test: [
                        // 2 x 0.05 + 4 GiB x 0.005 on n1, 1 x 0.01 on n2.
                        { expr: "panel_0_0", eval_time: "2m", exp_samples: [sample("panel_0_0", '{namespace="a"}', 0.13)] },
                        { expr: "panel_1_0", eval_time: "2m", exp_samples: [sample("panel_1_0", '{namespace="a"}', 0.13 * 730)] },
                        { expr: "panel_2_0", eval_time: "2m", exp_samples: [sample("panel_2_0", '{namespace="b"}', 2)] },
                        { expr: "panel_3_0", eval_time: "2m", exp_samples: [sample("panel_3_0", "", 1)] },
                        { expr: "panel_3_1", eval_time: "2m", exp_samples: [sample("panel_3_1", "", 4)] },
                    ],
                },
            ],
        };
        fs.writeFileSync(path.join(dir, "dashboard.test.yaml"), stringify(tests));
        const check = spawnSync("promtool", ["check", "rules", "rules.yaml"], { cwd: dir, encoding: "utf8" });
        expect(check.status, check.stdout + check.stderr).to.equal(0);
        const run = spawnSync("promtool", ["test", "rules", "dashboard.test.yaml"], { cwd: dir, encoding: "utf8" });
        expect(run.status, run.stdout + run.stderr).to.equal(0);
    });
});
