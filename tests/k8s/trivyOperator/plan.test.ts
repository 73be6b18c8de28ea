/**
 * What the plans ship for image scanning: Trivy Operator in a restricted, unmeshed namespace whose
 * scan Jobs pass the restricted profile, the vulnerability DB reachable through a port-only rule
 * at the cluster edge, infra assessment off, the built-in Trivy server and PDBs in production, the
 * Critical-findings alert and the dashboard (TRIVY-1..6 in docs/cloud-constraints.md).
 */
import { expect } from "chai";
import type { CapturedResource } from "../../../automation/capture";
import type { PlannedStack } from "../../../automation/planStack";
import { CLOUDS, ConfigError } from "../../../components/config";
import { SYSTEM_NAMESPACE_PREFIXES, SYSTEM_NAMESPACES } from "../../../k8s/guardrails/systemNamespaces";
import { CRITICAL_VULNERABILITIES_ALERT } from "../../../k8s/trivyOperator/alerts";
import { IMAGE_SCANNING_DASHBOARD_UID } from "../../../k8s/trivyOperator/dashboard";
import { TRIVY_OPERATOR_CHARTS, TRIVY_OPERATOR_LABELS, TRIVY_SERVER_LABELS } from "../../../k8s/trivyOperator/values";
import { ofType, okPlan, plan } from "../../support/plans";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const NS = "trivy-system";
type Values = Record<string, any>;
const meta = (r: CapturedResource) => r.inputs.metadata as { name: string; namespace?: string; labels?: Record<string, string> };

function trivyRelease(p: PlannedStack): CapturedResource | undefined {
    const found = ofType(p, RELEASE).filter((r) => r.inputs.chart === TRIVY_OPERATOR_CHARTS.trivyOperator.chart);
    expect(found.length).to.be.at.most(1);
    return found[0];
}

const valuesOf = (p: PlannedStack) => trivyRelease(p)!.inputs.values as Values;
const budgets = (p: PlannedStack) => ofType(p, "kubernetes:policy/v1:PodDisruptionBudget").filter((r) => meta(r).namespace === NS);
const policy = (p: PlannedStack, name: string) => ofType(p, "kubernetes:networking.k8s.io/v1:NetworkPolicy").find((r) => meta(r).name === name && meta(r).namespace === NS)!.inputs.spec as Values;

/** What Pod Security Admission's restricted level demands of a pod and its containers (the fields it checks that the values set). */
function expectRestricted(pod: Values, container: Values, where: string): void {
    expect(pod.runAsNonRoot ?? container.runAsNonRoot, `${where}: runAsNonRoot`).to.equal(true);
    expect((pod.seccompProfile ?? container.seccompProfile)?.type, `${where}: seccomp`).to.equal("RuntimeDefault");
    expect(container.allowPrivilegeEscalation, `${where}: allowPrivilegeEscalation`).to.equal(false);
    expect(container.capabilities, `${where}: capabilities`).to.deep.equal({ drop: ["ALL"] });
    expect(container.privileged, `${where}: privileged`).to.not.equal(true);
    if (pod.runAsUser !== undefined) expect(pod.runAsUser, `${where}: runAsUser`).to.be.greaterThan(0);
}

for (const cloud of CLOUDS) {
    describe(`Trivy Operator in the production plan (${cloud})`, () => {
        let p: PlannedStack;
        let values: Values;
        before(async () => {
            p = await okPlan("production", cloud);
            expect(trivyRelease(p), "trivy-operator release").to.not.equal(undefined);
            values = valuesOf(p);
        });

        it("pins the upstream chart in trivy-system after the Prometheus Operator's CRDs (its ServiceMonitor)", () => {
            const release = trivyRelease(p)!;
            expect(release.inputs).to.include({ chart: "trivy-operator", version: "0.34.0", namespace: NS, name: "trivy-operator" });
            expect((release.inputs.repositoryOpts as { repo: string }).repo).to.equal("https://aquasecurity.github.io/helm-charts/");
            const crds = ofType(p, RELEASE).find((r) => r.inputs.name === "prometheus-operator-crds")!;
            expect(release.dependencies).to.include(crds.urn);
            expect(values.serviceMonitor).to.deep.equal({ enabled: true, interval: "60s" });
        });

        it("TRIVY-1 keeps scan Jobs out of the mesh: the namespace is not injected and the Jobs' pods opt out", () => {
            const ns = ofType(p, "kubernetes:core/v1:Namespace").find((r) => meta(r).name === NS)!;
            expect(meta(ns).labels).to.include({ "istio-injection": "disabled", "pod-security.kubernetes.io/enforce": "restricted" });
            expect(values.trivyOperator.scanJobsInSameNamespace).to.equal(false);
            expect(values.trivyOperator.scanJobPodTemplateLabels).to.equal("sidecar.istio.io/inject=false");
        });

        it("TRIVY-2 runs the operator, every scan Job and the Trivy server under the restricted profile, with a numeric non-root user for the root Trivy image", () => {
            expectRestricted(values.podSecurityContext, values.securityContext, "operator");
            const jobPod = values.trivyOperator.scanJobPodTemplatePodSecurityContext;
            expectRestricted(jobPod, values.trivyOperator.scanJobPodTemplateContainerSecurityContext, "scan job");
            expect(jobPod.runAsUser, "scan job user").to.be.a("number");
            expectRestricted(values.trivy.server.podSecurityContext, values.trivy.server.securityContext, "trivy server");
            expect(values.trivy.server.podSecurityContext.runAsUser).to.be.a("number");
        });

        it("TRIVY-3 turns infra assessment (host-path node-collector) and compliance off; scans images for vulnerabilities and secrets", () => {
            expect(values.operator).to.include({
                infraAssessmentScannerEnabled: false,
                clusterComplianceEnabled: false,
                vulnerabilityScannerEnabled: true,
                exposedSecretScannerEnabled: true,
            });
            expect(JSON.stringify(values)).to.not.include("hostPath");
        });

        it("TRIVY-4 reaches registries and the vulnerability DB on 443 outside the cluster and the API server by port only; Prometheus scrapes 8080", () => {
            const egress = policy(p, "allow-egress").egress as Values[];
            expect(egress).to.deep.include({ ports: [{ port: 443, protocol: "TCP" }] });
            const outside = egress.filter((e) => e.to?.some((t: Values) => t.ipBlock));
            expect(outside).to.have.length(1);
            expect(outside[0].ports).to.deep.equal([{ port: 443, protocol: "TCP" }]);
            // Never an ipBlock for an in-cluster peer: every rule is port-only or the world on 443.
            for (const e of egress) for (const t of e.to ?? []) if (t.ipBlock) expect(t.ipBlock.cidr).to.equal("0.0.0.0/0");
            const ingress = policy(p, "allow-ingress").ingress as Values[];
            expect(ingress).to.deep.equal([{ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } } }], ports: [{ port: 8080, protocol: "TCP" }] }]);
        });

        it("TRIVY-5 downloads the DB once per server: the built-in Trivy server, two of it and two operators (leader election), PDBs, operator spread over zones", () => {
            expect(values.operator.builtInTrivyServer).to.equal(true);
            expect(values.operator.replicas).to.equal(2);
            expect(values.operator.scanJobsConcurrentLimit).to.equal(10);
            expect(values.trivy.server.replicas).to.equal(2);
            // Each replica's DB volume on the Foundation's class: EKS has no default StorageClass.
            const monitoring = ofType(p, RELEASE).find((r) => r.inputs.name === "kube-prometheus-stack")!.inputs.values as Values;
            expect(values.trivy.storageClassName).to.be.a("string").and.equal(monitoring.prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec.storageClassName);
            expect(values.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey).to.equal("topology.kubernetes.io/zone");
            const specs = budgets(p).map((b) => b.inputs.spec);
            expect(specs).to.have.deep.members([
                { minAvailable: 1, selector: { matchLabels: TRIVY_OPERATOR_LABELS } },
                { minAvailable: 1, selector: { matchLabels: TRIVY_SERVER_LABELS } },
            ]);
            for (const b of budgets(p)) expect(b.dependencies).to.include(trivyRelease(p)!.urn);
        });

        it("sets requests and limits on the operator, the scan Jobs and the server", () => {
            for (const r of [values.resources, values.trivy.resources, values.trivy.server.resources]) {
                expect(r.requests.cpu).to.be.a("string");
                expect(r.requests.memory).to.be.a("string");
                expect(r.limits.memory).to.be.a("string");
            }
        });

        it("skips the cloud's system namespaces (the provider's images) and scans every other", () => {
            const distribution = { aws: "eks", gcp: "gke", azure: "aks" } as const;
            const d = distribution[cloud];
            expect(values.targetNamespaces).to.equal("");
            expect(values.excludeNamespaces.split(",")).to.have.members([...SYSTEM_NAMESPACES[d], ...SYSTEM_NAMESPACE_PREFIXES[d].map((x) => `${x}*`)]);
        });

        it("TRIVY-6 alerts on Title-case Critical findings and ships the dashboard by severity and namespace", () => {
            const rule = ofType(p, "kubernetes:monitoring.coreos.com/v1:PrometheusRule").find((r) => meta(r).name === "ml-platform-alerts")!;
            const alerts = (rule.inputs.spec as { groups: { rules: { alert: string; expr: string; labels: Values }[] }[] }).groups.flatMap((g) => g.rules);
            const critical = alerts.find((a) => a.alert === CRITICAL_VULNERABILITIES_ALERT)!;
            expect(critical.expr).to.contain('trivy_image_vulnerabilities{severity="Critical"}');
            expect(critical.expr, "old ReplicaSets scaled to zero are left out").to.contain("unless on (namespace, resource_kind, resource_name)");
            expect(critical.labels.severity).to.equal("critical");
            const dash = ofType(p, "kubernetes:core/v1:ConfigMap").find((r) => meta(r).name === `dashboard-${IMAGE_SCANNING_DASHBOARD_UID}`)!;
            const json = JSON.parse((dash.inputs.data as Record<string, string>)[`${IMAGE_SCANNING_DASHBOARD_UID}.json`]);
            const exprs = json.panels.flatMap((panel: Values) => panel.targets.map((t: Values) => t.expr));
            expect(exprs).to.include("sum by (severity) (trivy_image_vulnerabilities)");
            expect(exprs).to.include('sum by (namespace) (trivy_image_vulnerabilities{severity="Critical"})');
        });
    });
}

describe("Trivy Operator in the staging plan", () => {
    it("is on and cheap: Standalone scans (no server, no PDB), one operator, three scans at a time", async () => {
        const p = await okPlan("staging", "aws");
        const values = valuesOf(p);
        expect(values.operator).to.include({ builtInTrivyServer: false, replicas: 1, scanJobsConcurrentLimit: 3 });
        expect(values.affinity).to.deep.equal({});
        expect(budgets(p)).to.deep.equal([]);
        expectRestricted(values.trivyOperator.scanJobPodTemplatePodSecurityContext, values.trivyOperator.scanJobPodTemplateContainerSecurityContext, "scan job");
    });
});

describe("platform.guardrails.imageScanning", () => {
    it("refuses a concurrency of 0, naming the key, before any resource is registered", async () => {
        const result = await plan("staging", "aws", { platform: { domain: "staging.ml.acme.example", publicDns: false, exampleModel: true, guardrails: { imageScanning: { concurrentScanJobs: 0 } } } });
        expect(result.error).to.be.instanceOf(ConfigError);
        const line = result.error!.message.split("\n").find((l) => l.includes("ml-platform:platform.guardrails.imageScanning.concurrentScanJobs:"));
        expect(line, result.error!.message).to.match(/1/);
        expect(result.resources.map((r) => r.type)).to.deep.equal(["pulumi:pulumi:Stack"]);
    });
});
