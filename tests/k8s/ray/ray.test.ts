/**
 * The Ray component as the plans register it: on every cloud's production plan (which turns it
 * on), and absent from staging (off by default).
 */
import { expect } from "chai";
import type { CapturedResource } from "../../../automation/capture";
import type { PlannedStack } from "../../../automation/planStack";
import { CLOUDS } from "../../../components/config";
import { RAY_CHARTS } from "../../../k8s/ray/values";
import { RAY_POD_MESH_ANNOTATIONS } from "../../../k8s/ray/operator";
import { named, okPlan } from "../../support/plans";

const NP = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
const RELEASE = "kubernetes:helm.sh/v3:Release";

const inputs = (r: CapturedResource) => r.inputs as Record<string, any>;
const releaseNamed = (p: PlannedStack, release: string) => p.resources.find((r) => r.type === RELEASE && inputs(r).name === release)!;

/** [namespace selected by name, ports] for each rule of a policy direction. */
function peersAndPorts(rules: any[], direction: "from" | "to"): { namespaces: string[]; ipBlocks: string[]; ports: number[] }[] {
    return rules.map((r) => ({
        namespaces: (r[direction] ?? []).flatMap((p: any) => (p.namespaceSelector?.matchLabels ? [p.namespaceSelector.matchLabels["kubernetes.io/metadata.name"]] : [])),
        ipBlocks: (r[direction] ?? []).flatMap((p: any) => (p.ipBlock ? [p.ipBlock.cidr] : [])),
        ports: (r.ports ?? []).map((x: any) => x.port),
    }));
}

describe("Ray (KubeRay) on the platform", () => {
    it("is off in staging by default: no operator and nothing in the Ray namespace but its policies", async () => {
        for (const cloud of CLOUDS) {
            const p = await okPlan("staging", cloud);
            expect(p.resources.filter((r) => r.type === RELEASE && inputs(r).chart === RAY_CHARTS.kuberayOperator.chart), cloud).to.have.length(0);
            expect(p.resources.filter((r) => r.type === "mlplatform:k8s:DistributedCompute"), cloud).to.have.length(0);
            // The kit keeps a switched-off component's namespaces, so turning it on or off never deletes one.
            const inRay = p.resources.filter((r) => (r.inputs as any)?.metadata?.namespace === "ray").map((r) => r.type);
            expect([...new Set(inRay)], cloud).to.deep.equal([NP]);
        }
    });


    for (const cloud of CLOUDS) {
        describe(`production on ${cloud}`, () => {
            let p: PlannedStack;
            before(async () => {
                p = await okPlan("production", cloud);
            });

            it("installs the pinned kuberay-operator chart watching only the ray namespace, after the monitoring CRDs and the head's service account", () => {
                const op = releaseNamed(p, "kuberay-operator");
                expect(inputs(op)).to.include({ chart: "kuberay-operator", version: "1.7.0", namespace: "kuberay" });
                expect(inputs(op).repositoryOpts.repo).to.equal("https://ray-project.github.io/kuberay-helm/");
                expect(inputs(op).values.watchNamespace).to.deep.equal(["ray"]);
                // Namespaced RBAC (a Role in ray), not a ClusterRole over every namespace's Secrets.
                expect(inputs(op).values).to.include({ singleNamespaceInstall: true, crNamespacedRbacEnable: true });
                expect(inputs(op).values.replicas).to.equal(2);
                expect(inputs(op).values.leaderElectionEnabled).to.equal(true);
                expect(op.dependencies).to.include(releaseNamed(p, "prometheus-operator-crds").urn);
                // The head's service account (in the ray namespace) exists first: KubeRay binds the autoscaler's Role to it.
                const account = named(p, "kubernetes:core/v1:ServiceAccount", "ray-ray-worker");
                expect(op.dependencies).to.include(account.urn);
                expect(account.dependencies).to.include(named(p, "kubernetes:core/v1:Namespace", "ray").urn);
                // Two replicas: one may be evicted at a time.
                expect(inputs(named(p, "kubernetes:policy/v1:PodDisruptionBudget", "kuberay-operator-pdb")).spec.minAvailable).to.equal(1);
            });

            it("gives both namespaces restricted pod security; Ray pods get sidecars, the operator none", () => {
                const labels = (n: string) => inputs(named(p, "kubernetes:core/v1:Namespace", n)).metadata.labels;
                for (const n of ["ray", "kuberay"]) expect(labels(n)["pod-security.kubernetes.io/enforce"], n).to.equal("restricted");
                expect(labels("ray")["istio-injection"]).to.equal("enabled");
                expect(labels("kuberay")["istio-injection"]).to.equal("disabled");
            });

            it("stamps every Ray pod with the identity's pod labels, the artifact store's settings and sidecar settings that leave Ray's own ports out of Envoy", () => {
                const conf = inputs(releaseNamed(p, "kuberay-operator")).values.configuration;
                expect(conf.enabled).to.equal(true);
                expect(conf.defaultPodAnnotations).to.deep.equal(RAY_POD_MESH_ANNOTATIONS);
                expect(conf.defaultPodAnnotations["traffic.sidecar.istio.io/includeInboundPorts"]).to.equal("");
                const expected = cloud === "azure" ? { "azure.workload.identity/use": "true" } : {};
                expect(conf.defaultPodLabels).to.deep.equal(expected);
                // Every Ray container learns where the artifact store is and the client settings it needs.
                const env = Object.fromEntries(conf.defaultContainerEnvs.map((e: { name: string; value: string }) => [e.name, e.value]));
                expect(env.ML_PLATFORM_ARTIFACT_URI).to.match({ aws: /^s3:\/\//, gcp: /^gs:\/\//, azure: /^wasbs:\/\// }[cloud]);
                expect(Object.keys(env)).to.include({ aws: "AWS_REGION", gcp: "GOOGLE_CLOUD_PROJECT", azure: "AZURE_STORAGE_ACCOUNT" }[cloud]);
            });

            it("binds ray/ray-worker to a cloud identity with read-write access to the artifact store", () => {
                const sa = inputs(named(p, "kubernetes:core/v1:ServiceAccount", "ray-ray-worker")).metadata;
                expect(sa.namespace).to.equal("ray");
                const annotations = Object.keys(sa.annotations ?? {});
                if (cloud === "aws") {
                    expect(annotations).to.include("eks.amazonaws.com/role-arn");
                    const role = named(p, "aws:iam/role:Role", "ml-platform-production-ray-ray-worker");
                    expect(inputs(role).assumeRolePolicy).to.include("system:serviceaccount:ray:ray-worker");
                    expect(inputs(named(p, "aws:iam/rolePolicy:RolePolicy", "ml-platform-production-ray-ray-worker")).policy).to.include("s3:PutObject");
                } else if (cloud === "gcp") {
                    expect(annotations).to.include("iam.gke.io/gcp-service-account");
                    expect(inputs(named(p, "gcp:serviceaccount/iAMMember:IAMMember", "ml-platform-production-ray-ray-worker")).member).to.match(/\.svc\.id\.goog\[ray\/ray-worker\]$/);
                    expect(inputs(named(p, "gcp:storage/bucketIAMMember:BucketIAMMember", "ml-platform-production-ray-ray-worker")).role).to.equal("roles/storage.objectAdmin");
                } else {
                    expect(annotations).to.include("azure.workload.identity/client-id");
                    expect(inputs(named(p, "azure-native:managedidentity:FederatedIdentityCredential", "ml-platform-production-ray-ray-worker")).subject).to.equal("system:serviceaccount:ray:ray-worker");
                    expect(inputs(named(p, "azure-native:authorization:RoleAssignment", "ml-platform-production-ray-ray-worker-artifacts")).description).to.include("objectStoreReadWrite");
                }
            });

            it("denies all traffic in both namespaces, then admits the operator on the dashboard and Prometheus on Ray's metrics ports", () => {
                for (const ns of ["ray", "kuberay"]) {
                    expect(inputs(named(p, NP, `${ns}-default-deny`)).spec).to.deep.equal({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
                }
                const rayIn = peersAndPorts(inputs(named(p, NP, "ray-allow-ingress")).spec.ingress, "from");
                expect(rayIn).to.deep.include({ namespaces: ["kuberay"], ipBlocks: [], ports: [8265] });
                expect(rayIn).to.deep.include({ namespaces: ["monitoring"], ipBlocks: [], ports: [8080, 44217, 44227] });
                const opOut = peersAndPorts(inputs(named(p, NP, "kuberay-allow-egress")).spec.egress, "to");
                expect(opOut).to.deep.include({ namespaces: ["ray"], ipBlocks: [], ports: [8265] });
            });

            it("lets Ray pods reach MLflow (both sides' NetworkPolicies and MLflow's AuthorizationPolicy), never with an ipBlock for an in-cluster peer", () => {
                const rayOut = peersAndPorts(inputs(named(p, NP, "ray-allow-egress")).spec.egress, "to");
                expect(rayOut).to.deep.include({ namespaces: ["mlflow"], ipBlocks: [], ports: [5000] });
                const mlflowIn = inputs(named(p, NP, "mlflow-allow-ingress"));
                expect(mlflowIn.metadata.namespace).to.equal("mlflow");
                expect(peersAndPorts(mlflowIn.spec.ingress, "from")).to.deep.include({ namespaces: ["ray"], ipBlocks: [], ports: [5000] });
                const authz = inputs(named(p, "kubernetes:security.istio.io/v1:AuthorizationPolicy", "mlflow-allow-ray"));
                expect(authz.metadata.namespace).to.equal("mlflow");
                expect(authz.spec.rules[0].from[0].source.principals).to.deep.equal(["cluster.local/ns/ray/sa/ray-worker"]);
                for (const rule of rayOut) for (const cidr of rule.ipBlocks) expect(["0.0.0.0/0", "169.254.169.254/32"], "ipBlock only outside the cluster").to.include(cidr);
            });

            it("scrapes head and workers labelled by cluster (after the CRDs), and ships the alerts in the platform's PrometheusRule", () => {
                const head = inputs(named(p, "kubernetes:monitoring.coreos.com/v1:PodMonitor", "ray-head-pod-monitor")).spec;
                expect(head.selector.matchLabels).to.deep.equal({ "ray.io/node-type": "head" });
                expect(head.podMetricsEndpoints.map((e: any) => e.port)).to.deep.equal(["metrics", "as-metrics", "dash-metrics"]);
                expect(head.podMetricsEndpoints[0].relabelings.map((r: any) => r.targetLabel)).to.deep.equal(["ray_cluster", "ray_node_type"]);
                // Gathered into the platform's PrometheusRule, which waits for the operator's webhook.
                const rule = named(p, "kubernetes:monitoring.coreos.com/v1:PrometheusRule", "ml-platform-alerts");
                expect(inputs(rule).spec.groups.map((g: any) => g.name)).to.include("ray");
                expect(rule.dependencies).to.include(releaseNamed(p, "kube-prometheus-stack").urn);
                for (const m of ["ray-head-pod-monitor", "ray-worker-pod-monitor"]) {
                    expect(named(p, "kubernetes:monitoring.coreos.com/v1:PodMonitor", m).dependencies).to.include(releaseNamed(p, "prometheus-operator-crds").urn);
                }
                const dashboard = inputs(named(p, "kubernetes:core/v1:ConfigMap", "dashboard-ray-clusters"));
                expect(dashboard.metadata.labels.grafana_dashboard).to.equal("1");
                expect(JSON.parse(dashboard.data["ray-clusters.json"]).panels.length).to.be.greaterThan(4);
            });

            it("caps the namespace with the production quota (default requests for containers without them) and publishes the pools' tolerations from the Foundation's taints", () => {
                expect(inputs(named(p, "kubernetes:core/v1:ResourceQuota", "ray-quota")).spec.hard).to.deep.equal({ "requests.cpu": "256", "requests.memory": "1024Gi", "requests.nvidia.com/gpu": "4" });
                // Under a requests quota a pod without requests is refused: containers that set none get a default.
                expect(inputs(named(p, "kubernetes:core/v1:LimitRange", "ray-defaults")).spec.limits[0]).to.deep.include({ type: "Container", defaultRequest: { cpu: "100m", memory: "256Mi" } });
                const data = inputs(named(p, "kubernetes:core/v1:ConfigMap", "ray-ray-node-pools")).data;
                const spot = JSON.parse(data["spot-tolerations.json"])[0];
                const expectedSpot = cloud === "azure" ? "kubernetes.azure.com/scalesetpriority" : "ml-platform/spot";
                expect(spot).to.include({ key: expectedSpot, operator: "Equal", effect: "NoSchedule" });
                expect(JSON.parse(data["gpu-tolerations.json"])[0].key).to.equal("nvidia.com/gpu");
            });
        });
    }
});
