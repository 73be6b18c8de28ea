import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
// The client as the example gets it: the package's compiled entry, resolved by name.
import { PlatformReference } from "@acme/mlplatform/client";
import { deployModel, MODEL_TRAINED_AT_ANNOTATION, validateModelSpec, type ModelSpec } from "../../examples/team-model/model";
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
};
const STORAGE_URI = "https://acmemlstaging.blob.core.windows.net/artifacts/models/churn/3";

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
            "team-model:modelPath": "models/churn/3",
            "team-model:minReplicas": "2",
            "team-model:maxReplicas": "6",
            "team-model:cpu": "250m",
            "team-model:cpuLimit": "1",
            "team-model:memory": "2Gi",
            "team-model:modelTrainedAt": "2026-11-30T08:15:00Z",
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

    it("deploys an InferenceService in the platform's serving namespace as its model-server account", () => {
        const isvc = captured.find((r) => r.type === "kubernetes:serving.kserve.io/v1beta1:InferenceService");
        expect(isvc, "an InferenceService").to.not.equal(undefined);
        expect(isvc!.provider).to.match(/::pulumi:providers:kubernetes::platform-cluster::/);
        expect(isvc!.inputs.metadata).to.deep.include({ name: "churn", namespace: "serving" });
        expect(isvc!.inputs.metadata.labels).to.include({ "azure.workload.identity/use": "true" });
        const predictor = isvc!.inputs.spec.predictor;
        expect(predictor).to.deep.include({ serviceAccountName: "model-server", minReplicas: 2, maxReplicas: 6 });
        expect(predictor.model).to.deep.include({
            modelFormat: { name: "sklearn" },
            storageUri: STORAGE_URI,
            resources: { requests: { cpu: "250m", memory: "2Gi" }, limits: { cpu: "1", memory: "2Gi" } },
        });
    });

    it("annotates the InferenceService with the model version's training time, which the platform's staleness gauge reads", () => {
        const isvc = captured.find((r) => r.type === "kubernetes:serving.kserve.io/v1beta1:InferenceService")!;
        expect(isvc.inputs.metadata.annotations).to.include({ [MODEL_TRAINED_AT_ANNOTATION]: "2026-11-30T08:15:00Z" });
        expect(MODEL_TRAINED_AT_ANNOTATION).to.equal(PLATFORM_TRAINED_AT);
        const gauge = modelFreshnessValues().customResourceState.config.spec.resources[0].metrics[0].each.gauge;
        expect([...gauge.path, ...gauge.valueFrom]).to.deep.equal(["metadata", "annotations", MODEL_TRAINED_AT_ANNOTATION]);
    });

    it("runs pods the serving namespace's restricted Pod Security level admits", () => {
        const predictor = captured.find((r) => r.type === "kubernetes:serving.kserve.io/v1beta1:InferenceService")!.inputs.spec.predictor;
        expect(predictor.securityContext).to.deep.equal({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
        expect(predictor.model.securityContext).to.include({ runAsNonRoot: true, allowPrivilegeEscalation: false });
        expect(predictor.model.securityContext.capabilities).to.deep.equal({ drop: ["ALL"] });
    });

    it("routes the model on the platform's gateway and lets only the gateway's namespace in", () => {
        const route = captured.find((r) => r.type === "kubernetes:networking.istio.io/v1:VirtualService")!.inputs;
        expect(route.spec.gateways).to.deep.equal(["istio-ingress/platform-gateway"]);
        expect(route.spec.hosts).to.deep.equal(["models.staging.ml.acme.example"]);
        expect(route.spec.http[0].route[0].destination.host).to.equal("churn-predictor.serving.svc.cluster.local");
        const allow = captured.find((r) => r.type === "kubernetes:security.istio.io/v1:AuthorizationPolicy")!.inputs;
        expect(allow.spec.rules).to.deep.equal([{ from: [{ source: { namespaces: ["istio-ingress"] } }] }]);
    });

    it("exports the service, its storage URI and the platform it runs on, nothing secret", async () => {
        expect(await valueOf(exports.inferenceServiceName)).to.equal("churn");
        expect(await valueOf(exports.storageUri)).to.equal(STORAGE_URI);
        expect(await valueOf(exports.platformEnvironment)).to.equal("staging");
        expect(await valueOf(exports.predictUrl)).to.equal("https://models.staging.ml.acme.example/v1/models/churn:predict");
        for (const [key, value] of Object.entries(exports)) {
            if (pulumi.Output.isInstance(value)) expect(await pulumi.isSecret(value), key).to.equal(false);
        }
    });

    it("fails naming the platform stack and the key when the platform lacks an output", async () => {
        const spec: ModelSpec = { name: "m", format: "onnx", modelPath: "models/m/1", minReplicas: 1, maxReplicas: 1, cpu: "1", cpuLimit: "1", memory: "1Gi" };
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
        const isvc = captured.find((r) => r.type === "kubernetes:serving.kserve.io/v1beta1:InferenceService")!;
        const inputs = { ...isvc.inputs, metadata: { ...isvc.inputs.metadata, namespace: "serving" } };
        const policies = platform.resources.filter((r) => r.type === "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy").map((r) => r.inputs as any);
        const bindings = platform.resources.filter((r) => r.type === "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding").map((r) => r.inputs as any);
        for (const object of modelServerObjects(platform, inputs)) {
            const outcome = admit(policies, bindings, { object });
            expect(outcome.matched.length, object.kind).to.be.greaterThan(0);
            expect(outcome.denied, object.kind).to.deep.equal([]);
        }
    });
});

describe("examples/team-model building blocks", () => {
    it("turns each cloud's artifact store URI into a URI KServe can read", () => {
        expect(kserveStorageUri("s3://bucket/", "/models/a/1/")).to.equal("s3://bucket/models/a/1");
        expect(kserveStorageUri("gs://bucket/prefix", "models/a/1")).to.equal("gs://bucket/prefix/models/a/1");
        expect(kserveStorageUri("wasbs://artifacts@acmeml.blob.core.windows.net", "models/a/1")).to.equal("https://acmeml.blob.core.windows.net/artifacts/models/a/1");
        expect(() => kserveStorageUri("s3://bucket", "../other-bucket/x")).to.throw(/inside the artifact store/);
        expect(() => kserveStorageUri("ftp://host/x", "m")).to.throw(/unsupported artifact store URI/);
    });

    it("rejects a model spec Kubernetes or KServe would refuse", () => {
        const ok: ModelSpec = { name: "churn", format: "sklearn", modelPath: "m", minReplicas: 1, maxReplicas: 2, cpu: "500m", cpuLimit: "1", memory: "1Gi" };
        expect(validateModelSpec(ok)).to.deep.equal([]);
        const problems = validateModelSpec({ ...ok, name: "Churn_Model", minReplicas: 3, memory: "lots" });
        expect(problems.join("\n")).to.match(/modelName "Churn_Model"/).and.match(/minReplicas \(3\) must not exceed maxReplicas \(2\)/).and.match(/memory "lots"/);
        expect(validateModelSpec({ ...ok, trainedAt: "2026-11-30T08:15:00Z" })).to.deep.equal([]);
        expect(validateModelSpec({ ...ok, trainedAt: "30/11/2026" }).join("\n")).to.match(/modelTrainedAt "30\/11\/2026" must be an RFC3339 UTC time/);
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
});
