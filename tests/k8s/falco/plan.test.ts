/**
 * What the plans ship for runtime detection: on every cloud's production plan Falco with the modern
 * eBPF probe on every pool, falcosidekick forwarding to Alertmanager through a flow the monitoring
 * namespace accepts, the platform rules, metrics and the detector alerts; staging keeps only the
 * (privileged, empty) namespace unless it turns Falco on.
 */
import { expect } from "chai";
import type { CapturedResource } from "../../../automation/capture";
import type { PlannedStack } from "../../../automation/planStack";
import { CLOUDS, ConfigError } from "../../../components/config";
import { ALERTMANAGER } from "../../../k8s/falco";
import { RULE_NAMES } from "../../../k8s/falco/rules";
import { FALCO_CHARTS, FALCOSIDEKICK_LABELS, PLATFORM_RULES_FILE } from "../../../k8s/falco/values";
import { ofType, okPlan, plan } from "../../support/plans";

const RELEASE = "kubernetes:helm.sh/v3:Release";
type Values = Record<string, any>;

function falcoRelease(p: PlannedStack): CapturedResource | undefined {
    const found = ofType(p, RELEASE).filter((r) => r.inputs.chart === FALCO_CHARTS.falco.chart);
    expect(found.length).to.be.at.most(1);
    return found[0];
}

function named(p: PlannedStack, type: string, namespace: string, name: string): CapturedResource {
    const found = ofType(p, type).filter((r) => (r.inputs.metadata as { namespace?: string; name: string }).name === name && (r.inputs.metadata as { namespace?: string }).namespace === namespace);
    expect(found, `${type} ${namespace}/${name}`).to.have.length(1);
    return found[0];
}

const policy = (p: PlannedStack, ns: string, name: string) => named(p, "kubernetes:networking.k8s.io/v1:NetworkPolicy", ns, name).inputs.spec as Values;

for (const cloud of CLOUDS) {
    describe(`Falco in the production plan (${cloud})`, () => {
        let p: PlannedStack;
        let values: Values;
        before(async () => {
            p = await okPlan("production", cloud);
            const release = falcoRelease(p);
            expect(release, "falco release").to.not.equal(undefined);
            values = release!.inputs.values as Values;
        });

        it("pins the upstream chart and runs the modern eBPF probe, rules from the image (falcoctl off)", () => {
            const release = falcoRelease(p)!;
            expect(release.inputs).to.include({ chart: "falco", version: "9.1.0", namespace: "falco" });
            expect((release.inputs.repositoryOpts as { repo: string }).repo).to.equal("https://falcosecurity.github.io/charts");
            expect(values.driver.kind).to.equal("modern_ebpf");
            expect(values.falcoctl.artifact).to.deep.equal({ install: { enabled: false }, follow: { enabled: false } });
        });

        it("tolerates every taint of the Foundation's pools, so a pod runs on every node", () => {
            const taints = nodeTaints(p);
            expect(taints.length, "the plan's pools carry taints").to.be.greaterThan(0);
            for (const t of taints) expect(values.tolerations, JSON.stringify(t)).to.deep.include({ key: t.key, operator: "Equal", value: t.value, effect: t.effect });
        });

        it("forwards events to Alertmanager's v2 API in the monitoring namespace, which accepts the flow", () => {
            const am = values.falcosidekick.config.alertmanager;
            expect(values.falcosidekick.enabled).to.equal(true);
            expect(am.hostport).to.equal(`http://${ALERTMANAGER.service}.monitoring.svc:${ALERTMANAGER.port}`);
            expect(am.endpoint).to.equal("/api/v2/alerts");
            expect(am.minimumpriority).to.equal("warning");
            const ingress = policy(p, "monitoring", "allow-ingress").ingress as Values[];
            expect(ingress).to.deep.include({ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "falco" } } }], ports: [{ port: ALERTMANAGER.port, protocol: "TCP" }] });
            const egress = policy(p, "falco", "allow-egress").egress as Values[];
            expect(egress).to.deep.equal([{ to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } } }], ports: [{ port: ALERTMANAGER.port, protocol: "TCP" }] }]);
        });

        it("loads the platform rules, scraped metrics from both, and waits for the operator's CRDs and Alertmanager", () => {
            const rules = values.customRules[PLATFORM_RULES_FILE] as string;
            for (const name of Object.values(RULE_NAMES)) expect(rules).to.contain(`rule: ${name}`);
            expect(values.metrics.enabled).to.equal(true);
            expect(values.serviceMonitor.create).to.equal(true);
            expect(values.falcosidekick.serviceMonitor.enabled).to.equal(true);
            const ingress = policy(p, "falco", "allow-ingress").ingress as Values[];
            expect(ingress).to.deep.include({ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } } }], ports: [{ port: 8765, protocol: "TCP" }, { port: 2801, protocol: "TCP" }] });
            const deps = falcoRelease(p)!.dependencies;
            for (const chart of ["prometheus-operator-crds", "kube-prometheus-stack"]) expect(deps).to.include(ofType(p, RELEASE).find((r) => r.inputs.name === chart)!.urn);
        });

        it("keeps falcosidekick highly available: two replicas spread over zones and a PDB", () => {
            expect(values.falcosidekick.replicaCount).to.equal(2);
            expect(values.falcosidekick.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey).to.equal("topology.kubernetes.io/zone");
            const pdb = named(p, "kubernetes:policy/v1:PodDisruptionBudget", "falco", "falcosidekick");
            expect(pdb.inputs.spec).to.deep.equal({ minAvailable: 1, selector: { matchLabels: FALCOSIDEKICK_LABELS } });
        });

        it("labels the namespace privileged (the probe needs it) and alerts on nodes Falco does not watch", () => {
            const ns = ofType(p, "kubernetes:core/v1:Namespace").find((r) => (r.inputs.metadata as { name: string }).name === "falco")!;
            expect((ns.inputs.metadata as { labels: Record<string, string> }).labels).to.include({ "pod-security.kubernetes.io/enforce": "privileged" });
            const rule = ofType(p, "kubernetes:monitoring.coreos.com/v1:PrometheusRule").find((r) => (r.inputs.metadata as { name: string }).name === "ml-platform-alerts")!;
            const alerts = (rule.inputs.spec as { groups: { rules: { alert: string; expr: string }[] }[] }).groups.flatMap((g) => g.rules);
            expect(alerts.find((a) => a.alert === "FalcoNotOnEveryNode")!.expr).to.contain('kube_daemonset_status_number_ready{namespace="falco", daemonset="falco"}');
            expect(alerts.map((a) => a.alert)).to.include("FalcoEventsNotDelivered");
        });
    });
}

/** The taints the plan's node pools declare, in Kubernetes form, whatever the cloud calls them. */
function nodeTaints(p: PlannedStack): { key: string; value: string; effect: string }[] {
    const effects: Record<string, string> = { NO_SCHEDULE: "NoSchedule", NO_EXECUTE: "NoExecute", PREFER_NO_SCHEDULE: "PreferNoSchedule" };
    const found: { key: string; value: string; effect: string }[] = [];
    for (const r of p.resources) {
        const i = r.inputs as Values;
        for (const t of i.taints ?? i.nodeConfig?.taints ?? []) found.push({ key: t.key, value: t.value, effect: effects[t.effect] ?? t.effect });
        for (const s of (i.nodeTaints ?? []) as string[]) {
            const m = /^([^=]+)=([^:]*):(.+)$/.exec(s)!;
            found.push({ key: m[1], value: m[2], effect: m[3] });
        }
        for (const s of (i.agentPoolProfiles ?? []).flatMap((a: Values) => a.nodeTaints ?? []) as string[]) {
            const m = /^([^=]+)=([^:]*):(.+)$/.exec(s)!;
            found.push({ key: m[1], value: m[2], effect: m[3] });
        }
    }
    return found;
}

describe("Falco in the staging plan", () => {
    it("is off by default: no release, but the namespace exists so turning it on creates none", async () => {
        const p = await okPlan("staging", "aws");
        expect(falcoRelease(p)).to.equal(undefined);
        expect(ofType(p, "kubernetes:core/v1:Namespace").map((r) => (r.inputs.metadata as { name: string }).name)).to.include("falco");
    });
});

describe("platform.guardrails.runtime (GRD-R)", () => {
    const STAGING_PLATFORM = { domain: "staging.ml.acme.example", publicDns: false, exampleModel: true };
    const runtime = (r: Record<string, unknown>) => ({ platform: { ...STAGING_PLATFORM, guardrails: { runtime: r } } });

    it("refuses an unknown priority, naming the key, before any resource is registered", async () => {
        const result = await plan("staging", "aws", runtime({ enabled: true, alertMinimumPriority: "high" }));
        expect(result.error).to.be.instanceOf(ConfigError);
        const line = result.error!.message.split("\n").find((l) => l.includes("ml-platform:platform.guardrails.runtime.alertMinimumPriority:"));
        expect(line, result.error!.message).to.match(/warning/);
        expect(result.resources.map((r) => r.type)).to.deep.equal(["pulumi:pulumi:Stack"]);
    });

    it("turns Falco on in staging, cheaply (one falcosidekick, no PDB), with the chosen priority", async () => {
        const p = await okPlan("staging", "aws", runtime({ enabled: true, alertMinimumPriority: "error" }));
        const values = falcoRelease(p)!.inputs.values as Values;
        expect(values.falcosidekick.replicaCount).to.equal(1);
        expect(values.falcosidekick.config.alertmanager.minimumpriority).to.equal("error");
        expect(ofType(p, "kubernetes:policy/v1:PodDisruptionBudget").filter((r) => (r.inputs.metadata as { namespace?: string }).namespace === "falco")).to.deep.equal([]);
    });
});

/** GRD-R1..3: the modern eBPF probe needs BTF and the BPF ring buffer; the node images every pool uses have both. */
const NODE_OS: Record<(typeof CLOUDS)[number], (p: PlannedStack) => string[]> = {
    aws: (p) => ofType(p, "aws:eks/nodeGroup:NodeGroup").map((r) => String(r.inputs.amiType)),
    gcp: (p) => ofType(p, "gcp:container/nodePool:NodePool").map((r) => String((r.inputs.nodeConfig as Values).imageType)),
    azure: (p) => [
        ...ofType(p, "azure-native:containerservice:ManagedCluster").flatMap((r) => (r.inputs.agentPoolProfiles as Values[]).map((a) => `${a.osSKU}${a.enableFIPS ? "+FIPS" : ""}`)),
        ...ofType(p, "azure-native:containerservice:AgentPool").map((r) => `${r.inputs.osSKU}${r.inputs.enableFIPS ? "+FIPS" : ""}`),
    ],
};
const SUPPORTED: Record<(typeof CLOUDS)[number], RegExp> = { aws: /^AL2023_/, gcp: /^COS_CONTAINERD$/, azure: /^AzureLinux$/ };

describe("GRD-R1..3 every node pool runs an OS whose kernel the modern eBPF probe supports", () => {
    for (const cloud of CLOUDS) {
        it(`${cloud}: ${SUPPORTED[cloud]}`, async () => {
            const p = await okPlan("production", cloud);
            const os = NODE_OS[cloud](p);
            expect(os.length).to.be.greaterThan(1);
            for (const o of os) expect(o).to.match(SUPPORTED[cloud]);
        });
    }
});
