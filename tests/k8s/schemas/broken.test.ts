/** Each validator fails on a copy of a real object with one field broken (so a green run means something). */
import { expect } from "chai";
import { okPlan } from "../../support/plans";
import type { ChartName } from "../charts";
import { validateObject, type KubeObject } from "./objects";
import { helmMerge, validateValues } from "./values";

/** The first object of a type in the production plan, or staging's (which alone ships the example model). */
async function realObject(type: string): Promise<KubeObject> {
    const plans = [await okPlan("production", "aws"), await okPlan("staging", "aws")];
    const found = plans.flatMap((p) => p.resources).find((r) => r.type === type);
    if (!found) throw new Error(`no ${type} in the production or staging plan`);
    return structuredClone(found.inputs) as KubeObject;
}

type Breakage = [type: string, what: string, brk: (o: any) => void, expected: RegExp];

const BREAKAGES: Breakage[] = [
    ["kubernetes:networking.k8s.io/v1:NetworkPolicy", "a port as an object", (o) => (o.spec.ingress = [{ ports: [{ port: { number: 80 } }] }]), /\/spec\/ingress\/0\/ports\/0\/port/],
    ["kubernetes:networking.k8s.io/v1:NetworkPolicy", "a misspelt spec field", (o) => (o.spec.podSelecter = {}), /unknown field "podSelecter"/],
    ["kubernetes:core/v1:Namespace", "labels as a list", (o) => (o.metadata.labels = ["a"]), /\/metadata\/labels: must be object/],
    ["kubernetes:core/v1:ConfigMap", "data with a number", (o) => (o.data = { ...o.data, n: 1 }), /\/data\/n: must be string/],
    ["kubernetes:storage.k8s.io/v1:StorageClass", "volume expansion as a string", (o) => (o.allowVolumeExpansion = "yes"), /\/allowVolumeExpansion: must be boolean/],
    ["kubernetes:security.istio.io/v1:PeerAuthentication", "an mTLS mode outside the enum", (o) => (o.spec.mtls.mode = "STRICTER"), /\/spec\/mtls\/mode: must be one of/],
    ["kubernetes:networking.istio.io/v1:VirtualService", "hosts as a string", (o) => (o.spec.hosts = "a.example"), /\/spec\/hosts: must be array/],
    ["kubernetes:cert-manager.io/v1:Certificate", "a misspelt issuer reference", (o) => (o.spec.issuerRefs = o.spec.issuerRef), /unknown field "issuerRefs"/],
    ["kubernetes:monitoring.coreos.com/v1:PrometheusRule", "a rule group without rules' types", (o) => (o.spec.groups[0].rules[0].for = 10), /\/spec\/groups\/0\/rules\/0\/for: must be string/],
    ["kubernetes:monitoring.coreos.com/v1:ServiceMonitor", "endpoints as an object", (o) => (o.spec.endpoints = { port: "http" }), /\/spec\/endpoints: must be array/],
    ["kubernetes:serving.kserve.io/v1beta1:InferenceService", "minReplicas as a string", (o) => (o.spec.predictor.minReplicas = "two"), /\/spec\/predictor\/minReplicas: must be integer/],
    ["kubernetes:serving.kserve.io/v1beta1:InferenceService", "a misspelt predictor field", (o) => (o.spec.predictor.modle = {}), /unknown field "modle"/],
];

describe("schema validators fail on a broken copy of a real object", () => {
    // The two plans may be computed (or awaited from the other worker) here, not inside one test's 60 s.
    before(async function () {
        this.timeout(600_000);
        await Promise.all([okPlan("production", "aws"), okPlan("staging", "aws")]);
    });

    for (const [type, what, brk, expected] of BREAKAGES) {
        it(`${type.split(":")[2]}: ${what}`, async () => {
            const obj = await realObject(type);
            expect(validateObject(obj), "the real object is valid").to.deep.equal([]);
            brk(obj);
            const errors = validateObject(obj);
            expect(errors.join("\n")).to.match(expected);
        });
    }

    it("fails on a kind the suite knows no schema for", () => {
        const errors = validateObject({ apiVersion: "cilium.io/v2", kind: "CiliumNetworkPolicy", metadata: { name: "x" }, spec: {} });
        expect(errors.join("\n")).to.match(/no schema is known for cilium\.io\/v2\/CiliumNetworkPolicy/);
    });

    it("fails on a wrong apiVersion for a known kind", async () => {
        const obj = await realObject("kubernetes:networking.istio.io/v1:Gateway");
        obj.apiVersion = "networking.istio.io/v1alpha9";
        expect(validateObject(obj).join("\n")).to.match(/no schema is known/);
    });

    it("ignores only the capture's secret and unknown markers", async () => {
        const secret = await realObject("kubernetes:core/v1:Secret");
        expect(secret.stringData).to.equal("[secret]");
        expect(validateObject(secret)).to.deep.equal([]);
        secret.stringData = "plain";
        expect(validateObject(secret).join("\n")).to.match(/\/stringData: must be object/);
    });
});

async function realValues(chart: string): Promise<Record<string, any>> {
    const p = await okPlan("production", "aws");
    const release = p.resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release" && (r.inputs as { chart: string }).chart === chart);
    if (!release) throw new Error(`no release of ${chart} in the production plan`);
    return structuredClone((release.inputs as { values: Record<string, any> }).values);
}

type ValuesBreakage = [chart: string, name: ChartName, what: string, brk: (v: any) => void, expected: RegExp];

const VALUES_BREAKAGES: ValuesBreakage[] = [
    // Charts with values.schema.json.
    ["gateway", "istioGateway", "an unknown top-level key", (v) => (v.replicas = 2), /unknown field "replicas"/],
    ["cert-manager", "certManager", "a count as a string", (v) => (v.replicaCount = "three"), /\/replicaCount: must be number/],
    ["mlflow", "mlflow", "an unknown key under backendStore", (v) => (v.backendStore.postgress = {}), /\/backendStore: unknown field "postgress"/],
    // Charts checked against values.yaml.
    ["kube-prometheus-stack", "kubePrometheusStack", "a misspelt prometheusSpec key", (v) => (v.prometheus.prometheusSpec.retentionSise = "1GB"), /prometheus\.prometheusSpec\.retentionSise: not a value of the chart/],
    ["keda", "keda", "an unknown top-level key", (v) => (v.replicas = 2), /^replicas: not a value of the chart/m],
    ["istiod", "istiod", "an unknown key under pdb", (v) => (v.pdb.minAvaliable = 1), /pdb\.minAvaliable: not a value of the chart/],
    // Free-form maps that are Kubernetes types are checked against the cluster's schema.
    ["kube-prometheus-stack", "kubePrometheusStack", "a resource request as an object", (v) => (v.prometheusOperator.resources.requests.cpu = { cores: 1 }), /prometheusOperator\.resources\.requests\/cpu/],
    ["keda", "keda", "a misspelt securityContext field", (v) => (v.securityContext.operator.runAsNonRoots = true), /securityContext\.operator: unknown field "runAsNonRoots"/],
];

describe("values validators fail on a broken copy of a real release's values", () => {
    for (const [chart, name, what, brk, expected] of VALUES_BREAKAGES) {
        it(`${chart}: ${what}`, async () => {
            const values = await realValues(chart);
            expect(validateValues(name, values), "the real values are valid").to.deep.equal([]);
            brk(values);
            expect(validateValues(name, values).join("\n")).to.match(expected);
        });
    }

    it("merges ours over the chart's defaults as Helm does (maps merge, null deletes, lists replace)", () => {
        expect(helmMerge({ a: { b: 1, c: [1] }, d: 1 }, { a: { c: [2] }, d: null })).to.deep.equal({ a: { b: 1, c: [2] } });
    });
});
