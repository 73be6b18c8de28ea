import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
// The client as the example gets it: the package's compiled entry, resolved by name.
import { modelCanary, PlatformReference, type ModelReleasePolicy } from "@acme/mlplatform/client";
import { deployModel, MODEL_TRAINED_AT_ANNOTATION, validateModelSpec, type ModelSpec } from "../../examples/team-model/model";
import { deliverySchema } from "../../components/config/delivery";
import { modelReleasePolicy } from "../../k8s/delivery";
import { validateObject } from "../k8s/schemas/objects";
import { MODEL_TRAINED_AT_ANNOTATION as PLATFORM_TRAINED_AT, modelFreshnessValues } from "../../k8s/serving/modelFreshness";
import { kserveStorageUri } from "../../examples/team-model/storage";
import { okPlan } from "../support/plans";
import { admit } from "../k8s/guardrails/admissionEval";
import { modelServerObjects } from "../k8s/guardrails/modelServer";

/** The production platform with its example model, as tests/k8s/guardrails plans it (same cache key). */
const WITH_EXAMPLE_MODEL = { platform: { domain: "ml.acme.example", acmeEmail: "a@acme.example", gatewayExposure: "external", exampleModel: true } };

/** The marker the mock runtime puts on a secret input value. */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";

interface Captured {
    type: string;
    name: string;
    inputs: Record<string, any>;
    provider?: string;
}

const PLATFORM_STACK = "acme/ml-platform/staging";
/** An Azure platform: its model pods must carry the workload-identity label. */
const PLATFORM_OUTPUTS = {
    cloud: "azure",
    environment: "staging",
    kubeconfig: "apiVersion: v1\nkind: Config\n# token-from-exec-plugin",
    artifactStoreUri: "wasbs://artifacts@acmemlstaging.blob.core.windows.net",
    servingNamespace: "serving",
    servingServiceAccount: "model-server",
    servingPodLabels: { "azure.workload.identity/use": "true" },
    gateway: "istio-ingress/platform-gateway",
    modelsUrl: "https://models.staging.ml.acme.example",
    modelRelease: modelReleasePolicy(deliverySchema("staging").parse({})),
};
const STORAGE_URI = "https://acmemlstaging.blob.core.windows.net/artifacts/models/churn/4";
const PREVIOUS_URI = "https://acmemlstaging.blob.core.windows.net/artifacts/models/churn/3";
const ISVC = "kubernetes:serving.kserve.io/v1beta1:InferenceService";
const CANARY = "kubernetes:flagger.app/v1beta1:Canary";

function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
    return (output as unknown as { promise(): Promise<T> }).promise();
}

/** Registration is asynchronous: wait until the captured list stops growing. */
async function settled(list: unknown[]): Promise<void> {
    for (let seen = -1; seen !== list.length; ) {
        seen = list.length;
        await new Promise((r) => setTimeout(r, 50));
    }
}

describe("examples/team-model under mocks", () => {
    const captured: Captured[] = [];
    let exports: Record<string, pulumi.Output<unknown>>;

    before(async () => {
        pulumi.runtime.setMocks(
            {
                newResource: (args) => {
                    captured.push({ type: args.type, name: args.name, inputs: args.inputs, provider: args.provider });
                    if (args.type === "pulumi:pulumi:StackReference") {
                        const outputs = args.inputs.name === PLATFORM_STACK ? PLATFORM_OUTPUTS : { cloud: "aws" };
                        return { id: args.inputs.name, state: { name: args.inputs.name, outputs, secretOutputNames: ["kubeconfig"] } };
                    }
                    return { id: `${args.name}-id`, state: args.inputs };
                },
                call: (args) => args.inputs,
            },
            "team-model",
            "staging",
            false,
        );
        pulumi.runtime.setAllConfig({
            "team-model:platformStack": PLATFORM_STACK,
            "team-model:modelName": "churn",
            "team-model:modelFormat": "sklearn",
            "team-model:slots": JSON.stringify({
                blue: { modelPath: "models/churn/3", trainedAt: "2026-11-29T08:15:00Z" },
                green: { modelPath: "models/churn/4", trainedAt: "2026-11-30T08:15:00Z" },
            }),
            "team-model:liveSlot": "green",
            "team-model:minReplicas": "2",
            "team-model:maxReplicas": "6",
            "team-model:cpu": "250m",
            "team-model:cpuLimit": "1",
            "team-model:memory": "2Gi",
        });
        // The program reads config at import time, so it is loaded only now.
        exports = require("../../examples/team-model/index");
        await valueOf(exports.storageUri);
        await settled(captured);
    });

    it("references the configured platform stack", () => {
        const refs = captured.filter((r) => r.type === "pulumi:pulumi:StackReference");
        expect(refs.map((r) => r.inputs.name)).to.deep.equal([PLATFORM_STACK]);
    });

    it("builds the Kubernetes provider from the platform's kubeconfig, kept secret", () => {
        const provider = captured.find((r) => r.type === "pulumi:providers:kubernetes");
        expect(provider, "a kubernetes provider").to.not.equal(undefined);
        expect(provider!.inputs.kubeconfig).to.be.an("object").that.has.property(SECRET_SIG);
        expect(JSON.stringify(provider!.inputs.kubeconfig)).to.include("token-from-exec-plugin");
    });

    const slots = () => captured.filter((r) => r.type === ISVC);
    const slot = (name: string) => slots().find((r) => r.inputs.metadata.name === name)!;
    const canary = () => captured.find((r) => r.type === CANARY)!;

    it("deploys one InferenceService per release slot in the platform's serving namespace, as its model-server account", () => {
        expect(slots().map((r) => r.inputs.metadata.name).sort()).to.deep.equal(["churn-blue", "churn-green"]);
        for (const isvc of slots()) {
            expect(isvc.provider).to.match(/::pulumi:providers:kubernetes::platform-cluster::/);
            expect(isvc.inputs.metadata.namespace).to.equal("serving");
            expect(isvc.inputs.metadata.labels).to.include({ "azure.workload.identity/use": "true", "app.kubernetes.io/name": "churn" });
            const predictor = isvc.inputs.spec.predictor;
            expect(predictor).to.deep.include({ serviceAccountName: "model-server", minReplicas: 2, maxReplicas: 6 });
            expect(predictor.model).to.deep.include({ modelFormat: { name: "sklearn" }, resources: { requests: { cpu: "250m", memory: "2Gi" }, limits: { cpu: "1", memory: "2Gi" } } });
        }
        // The new version in the live slot, the previous one kept in the other: Flagger's rollback target.
        expect(slot("churn-green").inputs.spec.predictor.model.storageUri).to.equal(STORAGE_URI);
        expect(slot("churn-blue").inputs.spec.predictor.model.storageUri).to.equal(PREVIOUS_URI);
    });

    it("serves the model in both slots under the name the apex's predict URL uses (KServe would name it after each slot)", () => {
        for (const isvc of slots()) expect(isvc.inputs.spec.predictor.model.args, isvc.inputs.metadata.name).to.deep.equal(["--model_name=churn"]);
    });

    it("gives the model pods' sidecars a 2000 ms latency bucket, so the p99 limit is measured, not interpolated", () => {
        for (const isvc of slots()) {
            const buckets = JSON.parse(isvc.inputs.spec.predictor.annotations["sidecar.istio.io/statsHistogramBuckets"]);
            expect(buckets.istiocustom).to.include(2000).and.include(1000).and.include(2500);
            expect([...buckets.istiocustom].sort((a: number, b: number) => a - b)).to.deep.equal(buckets.istiocustom);
        }
    });

    it("annotates the live slot with its model version's training time, which the platform's staleness gauge reads; the idle slot with none", () => {
        expect(slot("churn-green").inputs.metadata.annotations).to.include({ [MODEL_TRAINED_AT_ANNOTATION]: "2026-11-30T08:15:00Z" });
        // The previous version waits as the rollback target: ModelStale must not fire for it.
        expect(slot("churn-blue").inputs.metadata.annotations).to.not.have.property(MODEL_TRAINED_AT_ANNOTATION);
        expect(MODEL_TRAINED_AT_ANNOTATION).to.equal(PLATFORM_TRAINED_AT);
        const gauge = modelFreshnessValues().customResourceState.config.spec.resources[0].metrics[0].each.gauge;
        expect([...gauge.path, ...gauge.valueFrom]).to.deep.equal(["metadata", "annotations", MODEL_TRAINED_AT_ANNOTATION]);
    });

    it("runs pods the serving namespace's restricted Pod Security level admits", () => {
        for (const isvc of slots()) {
            const predictor = isvc.inputs.spec.predictor;
            expect(predictor.securityContext).to.deep.equal({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
            expect(predictor.model.securityContext).to.include({ runAsNonRoot: true, allowPrivilegeEscalation: false });
            expect(predictor.model.securityContext.capabilities).to.deep.equal({ drop: ["ALL"] });
        }
    });

    it("points the apex Service at the live slot's pods, once a slot reports Ready", () => {
        const apex = captured.find((r) => r.type === "kubernetes:core/v1:Service")!.inputs;
        expect(apex.metadata).to.deep.include({ name: "churn", namespace: "serving" });
        expect(apex.spec.selector).to.deep.equal({ "serving.kserve.io/inferenceservice": "churn-green" });
        expect(apex.spec.ports).to.deep.equal([{ name: "http", port: 80, targetPort: 8080, protocol: "TCP", appProtocol: "http" }]);
        // pulumi up waits for each slot's Ready condition before it moves the apex.
        for (const isvc of slots()) expect(isvc.inputs.metadata.annotations).to.include({ "pulumi.com/waitFor": "condition=Ready" });
    });

    it("releases through one Flagger Canary on the apex Service, routed on the platform's gateway and in the mesh", () => {
        const spec = canary().inputs.spec;
        expect(captured.filter((r) => r.type === CANARY)).to.have.length(1);
        expect(spec.provider).to.equal("istio");
        expect(spec.targetRef).to.deep.equal({ apiVersion: "v1", kind: "Service", name: "churn" });
        expect(spec.service.gateways).to.deep.equal(["istio-ingress/platform-gateway", "mesh"]);
        expect(spec.service.hosts).to.deep.equal(["models.staging.ml.acme.example"]);
        expect(spec.service.match).to.deep.equal([{ uri: { prefix: "/v1/models/churn" } }, { uri: { prefix: "/v2/models/churn" } }]);
        expect(spec.skipAnalysis).to.equal(false);
        // Flagger owns the routes: the program creates no VirtualService that would bypass its weights.
        expect(captured.filter((r) => r.type === "kubernetes:networking.istio.io/v1:VirtualService")).to.deep.equal([]);
    });

    it("holds the release to the platform's rollback limits (error rate 5 %, p99 2000 ms), measured at the new slot", () => {
        const analysis = canary().inputs.spec.analysis;
        const limits = Object.fromEntries(analysis.metrics.map((m: any) => [m.name, m.thresholdRange]));
        expect(limits).to.deep.equal({ "error-rate": { max: 5 }, "latency-p99": { max: 2000 } });
        for (const m of analysis.metrics) {
            expect(m.templateRef.namespace).to.equal("flagger");
            expect(m.templateVariables).to.deep.equal({ workload: "churn-green-predictor" });
        }
        expect(analysis.metrics.map((m: any) => m.templateRef.name)).to.deep.equal(["model-error-rate", "model-latency-p99"]);
        const d = PLATFORM_OUTPUTS.modelRelease;
        expect(analysis).to.deep.include({ interval: `${d.intervalSeconds}s`, threshold: d.failedChecks, stepWeight: d.stepWeightPercent, maxWeight: d.maxWeightPercent });
    });

    it("writes a Canary Flagger's CRD schema (v1.44.0) accepts", () => {
        const c = canary().inputs;
        expect(validateObject({ apiVersion: c.apiVersion, kind: c.kind, metadata: c.metadata, spec: c.spec })).to.deep.equal([]);
    });

    it("lets only the gateway's namespace reach either slot's pods", () => {
        const allow = captured.find((r) => r.type === "kubernetes:security.istio.io/v1:AuthorizationPolicy")!.inputs;
        expect(allow.spec.selector).to.deep.equal({ matchLabels: { "app.kubernetes.io/name": "churn" } });
        expect(allow.spec.rules).to.deep.equal([{ from: [{ source: { namespaces: ["istio-ingress"] } }] }]);
    });

    it("exports the slots, the live one's storage URI and the platform it runs on, nothing secret", async () => {
        expect(await valueOf(pulumi.output(exports.inferenceServices))).to.deep.equal({ blue: "churn-blue", green: "churn-green" });
        expect(exports.liveSlot).to.equal("green");
        expect(await valueOf(exports.storageUri)).to.equal(STORAGE_URI);
        expect(await valueOf(exports.platformEnvironment)).to.equal("staging");
        expect(await valueOf(exports.predictUrl)).to.equal("https://models.staging.ml.acme.example/v1/models/churn:predict");
        for (const [key, value] of Object.entries(exports)) {
            if (pulumi.Output.isInstance(value)) expect(await pulumi.isSecret(value), key).to.equal(false);
        }
    });

    it("fails naming the platform stack and the key when the platform lacks an output", async () => {
        const spec: ModelSpec = { ...OK_SPEC, name: "m", format: "onnx" };
        const model = deployModel(new PlatformReference("old-platform", "acme/ml-platform/old"), spec);
        const err = await valueOf(model.storageUri).then(
            () => undefined,
            (e: Error) => e,
        );
        expect(err?.message).to.match(/^platform stack "acme\/ml-platform\/old" has no output "artifactStoreUri"/);
    });

    // Run last in this block: the platform plan it reads may replace the mocks above.
    it("is admitted, with the pods KServe and Istio make of it, by the platform's production admission policies", async () => {
        const platform = await okPlan("production", "azure", WITH_EXAMPLE_MODEL);
        const policies = platform.resources.filter((r) => r.type === "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy").map((r) => r.inputs as any);
        const bindings = platform.resources.filter((r) => r.type === "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding").map((r) => r.inputs as any);
        for (const isvc of captured.filter((r) => r.type === ISVC)) {
            const inputs = { ...isvc.inputs, metadata: { ...isvc.inputs.metadata, namespace: "serving" } };
            for (const object of modelServerObjects(platform, inputs)) {
                const outcome = admit(policies, bindings, { object });
                expect(outcome.matched.length, object.kind).to.be.greaterThan(0);
                expect(outcome.denied, object.kind).to.deep.equal([]);
            }
        }
    });
});

const OK_SPEC: ModelSpec = {
    name: "churn",
    format: "sklearn",
    slots: { blue: { modelPath: "models/churn/3" }, green: { modelPath: "models/churn/3" } },
    liveSlot: "blue",
    minReplicas: 1,
    maxReplicas: 2,
    cpu: "500m",
    cpuLimit: "1",
    memory: "1Gi",
    skipAnalysis: false,
};

describe("examples/team-model building blocks", () => {
    it("turns each cloud's artifact store URI into a URI KServe can read", () => {
        expect(kserveStorageUri("s3://bucket/", "/models/a/1/")).to.equal("s3://bucket/models/a/1");
        expect(kserveStorageUri("gs://bucket/prefix", "models/a/1")).to.equal("gs://bucket/prefix/models/a/1");
        expect(kserveStorageUri("wasbs://artifacts@acmeml.blob.core.windows.net", "models/a/1")).to.equal("https://acmeml.blob.core.windows.net/artifacts/models/a/1");
        expect(() => kserveStorageUri("s3://bucket", "../other-bucket/x")).to.throw(/inside the artifact store/);
        expect(() => kserveStorageUri("ftp://host/x", "m")).to.throw(/unsupported artifact store URI/);
    });

    it("rejects a model spec Kubernetes, KServe or a release would refuse", () => {
        expect(validateModelSpec(OK_SPEC)).to.deep.equal([]);
        const problems = validateModelSpec({ ...OK_SPEC, name: "Churn_Model", minReplicas: 3, memory: "lots" });
        expect(problems.join("\n")).to.match(/modelName "Churn_Model"/).and.match(/minReplicas \(3\) must not exceed maxReplicas \(2\)/).and.match(/memory "lots"/);
        const slots = { blue: { modelPath: "m/1", trainedAt: "30/11/2026" }, red: { modelPath: "m/2" } } as unknown as ModelSpec["slots"];
        const slotProblems = validateModelSpec({ ...OK_SPEC, slots, liveSlot: "red" as never }).join("\n");
        expect(slotProblems)
            .to.match(/slots.blue.trainedAt "30\/11\/2026" must be an RFC3339 UTC time/)
            .and.match(/slots.red is not a slot/)
            .and.match(/slots.green.modelPath is required/)
            .and.match(/liveSlot "red" must be one of blue, green/);
        expect(validateModelSpec({ ...OK_SPEC, minReplicas: 0 }).join("\n")).to.match(/minReplicas must be an integer >= 1/);
    });

    it("refuses to build a Canary for a platform that runs no Flagger, naming the config key", () => {
        const policy: ModelReleasePolicy = { ...PLATFORM_OUTPUTS.modelRelease, enabled: false };
        expect(() => modelCanary({ model: "churn", namespace: "serving", liveSlot: "blue", policy, gateway: "istio-ingress/platform-gateway", host: "models.example" })).to.throw(
            /platform.delivery.enabled is false/,
        );
    });
});

describe("examples/team-model against the real platform plan", () => {
    // The example's fixture stands in for a deployed platform; this keeps the two from drifting apart.
    it("finds the service account and gateway the outputs name among what the platform creates", async () => {
        const platform = await okPlan("production", "azure");
        const { servingNamespace, servingServiceAccount, gateway, servingPodLabels } = platform.outputs as Record<string, any>;
        const names = (type: string) =>
            platform.resources.filter((r) => r.type === type).map((r) => `${(r.inputs.metadata as any).namespace}/${(r.inputs.metadata as any).name}`);
        expect(names("kubernetes:core/v1:ServiceAccount")).to.include(`${servingNamespace}/${servingServiceAccount}`);
        expect(names("kubernetes:networking.istio.io/v1:Gateway")).to.include(gateway);
        expect(servingPodLabels).to.deep.equal(PLATFORM_OUTPUTS.servingPodLabels);
        expect(Object.keys(PLATFORM_OUTPUTS).filter((k) => !(k in platform.outputs))).to.deep.equal([]);
    });

    it("finds the metric templates the Canary names in the platform's flagger namespace, and exports the same limits", async () => {
        const platform = await okPlan("production", "azure");
        const policy = platform.outputs.modelRelease as ModelReleasePolicy;
        expect(policy).to.deep.include({ enabled: true, maxErrorRatePercent: 5, maxP99Ms: 2000 });
        const templates = platform.resources.filter((r) => r.type === "kubernetes:flagger.app/v1beta1:MetricTemplate").map((r) => r.inputs.metadata as any);
        expect(templates.map((m) => `${m.namespace}/${m.name}`).sort()).to.deep.equal(
            [policy.metricTemplates.errorRate, policy.metricTemplates.latencyP99].map((n) => `${policy.metricTemplates.namespace}/${n}`).sort(),
        );
        expect(PLATFORM_OUTPUTS.modelRelease.metricTemplates).to.deep.equal(policy.metricTemplates);
    });
});
