/**
 * The admission policies as the API server would run them (CEL through @bufbuild/cel): each rule
 * refuses a bad object and admits good ones, production refuses where staging warns, and every
 * object the platform defines is admitted, including the model-server pods KServe and Istio make
 * of the platform's InferenceServices.
 */
import { expect } from "chai";
import type { PlannedStack } from "../../../automation/planStack";
import { CLOUDS } from "../../../components/config";
import { DEFAULT_ALLOWED_REGISTRIES } from "../../../components/config/guardrails";
import { WRITABLE_ROOT_ANNOTATION_PREFIX } from "../../../k8s/guardrails/admission";
import { SYSTEM_NAMESPACES } from "../../../k8s/guardrails/systemNamespaces";
import { ofType, okPlan, STACKS } from "../../support/plans";
import { admit, type BindingObject, type K8sObject, type Outcome, type PolicyObject } from "./admissionEval";
import { modelServerObjects } from "./modelServer";

const POLICY = "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy";
const BINDING = "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding";
const ISVC = "kubernetes:serving.kserve.io/v1beta1:InferenceService";
const RULES = [
    "mlplatform-container-resources",
    "mlplatform-image-pinned",
    "mlplatform-allowed-registries",
    "mlplatform-no-host-ports",
    "mlplatform-read-only-root-filesystem",
    "mlplatform-model-server-identity",
];
/** The production stack with its example model on (plan.test.ts plans the same one). */
const WITH_EXAMPLE_MODEL = { platform: { domain: "ml.acme.example", acmeEmail: "a@acme.example", gatewayExposure: "external", exampleModel: true } };

interface Admission {
    policies: PolicyObject[];
    bindings: BindingObject[];
}

function admissionOf(p: PlannedStack): Admission {
    return {
        policies: ofType(p, POLICY).map((r) => r.inputs as unknown as PolicyObject),
        bindings: ofType(p, BINDING).map((r) => r.inputs as unknown as BindingObject),
    };
}

const RESOURCES = { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } };
const SECURE = { readOnlyRootFilesystem: true, runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } };

function container(name: string, extra: Record<string, unknown> = {}) {
    return { name, image: "ghcr.io/acme/app:1.2.3", resources: RESOURCES, securityContext: SECURE, ports: [{ containerPort: 8080 }], ...extra };
}

function pod(namespace: string, spec: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}): K8sObject {
    return { apiVersion: "v1", kind: "Pod", metadata: { name: "app", namespace, ...metadata }, spec: { containers: [container("app")], ...spec } };
}

function denied(o: Outcome): string[] {
    return [...new Set(o.denied.map((d) => d.policy))].sort();
}

function warned(o: Outcome): string[] {
    return [...new Set(o.warnings.map((d) => d.policy))].sort();
}

/** Every Kubernetes object in the plan, as the API server would receive it. */
function planObjects(p: PlannedStack): K8sObject[] {
    return p.resources
        .filter((r) => r.custom && r.type.startsWith("kubernetes:") && r.type !== "kubernetes:helm.sh/v3:Release" && r.type !== "pulumi:providers:kubernetes")
        .map((r) => r.inputs as unknown as K8sObject)
        .filter((o) => typeof o.apiVersion === "string" && typeof o.kind === "string");
}

describe("admission policies (GRD)", function () {
    for (const stack of STACKS) {
        for (const cloud of CLOUDS) {
            it(`GRD-1 ${stack} on ${cloud}: every object the platform defines, and the model-server pods made of its InferenceServices, is admitted without a warning`, async () => {
                const p = stack === "production" ? await okPlan(stack, cloud, WITH_EXAMPLE_MODEL) : await okPlan(stack, cloud);
                const { policies, bindings } = admissionOf(p);
                expect(policies.map((x) => x.metadata.name).sort()).to.deep.equal([...RULES].sort());
                const isvcs = ofType(p, ISVC);
                expect(isvcs, "the example InferenceService").to.have.length(1);
                const derived = isvcs.flatMap((i) => modelServerObjects(p, i.inputs));
                const objects = [...planObjects(p), ...derived];
                let judged = 0;
                for (const object of objects) {
                    const o = admit(policies, bindings, { object });
                    if (o.matched.length > 0) judged += 1;
                    const what = `${object.kind} ${object.metadata.namespace ?? ""}/${object.metadata.name}`;
                    expect(o.denied, `${what} refused`).to.deep.equal([]);
                    expect(o.warnings, `${what} warned`).to.deep.equal([]);
                }
                expect(judged, "objects the policies judged").to.be.at.least(derived.length);
            });
        }
    }

    it("GRD-2 production binds every policy with Deny and Audit, staging with Warn and Audit; chart namespaces only warn", async () => {
        for (const cloud of CLOUDS) {
            for (const stack of STACKS) {
                const { bindings } = admissionOf(await okPlan(stack, cloud));
                const enforcing = bindings.filter((b) => !b.metadata.name.endsWith("-platform-charts"));
                expect(enforcing.map((b) => b.spec.policyName).sort(), `${stack}/${cloud}`).to.deep.equal([...RULES].sort());
                for (const b of enforcing) expect(b.spec.validationActions, `${stack}/${cloud} ${b.metadata.name}`).to.deep.equal(stack === "production" ? ["Deny", "Audit"] : ["Warn", "Audit"]);
                for (const b of bindings.filter((x) => x.metadata.name.endsWith("-platform-charts"))) expect(b.spec.validationActions).to.deep.equal(["Warn", "Audit"]);
            }
        }
    });

    it("GRD-3 a deliberately bad pod is refused in production by every rule and only warned about in staging", async () => {
        const bad = pod(
            "team-a",
            {
                serviceAccountName: "default",
                containers: [{ name: "app", image: "evil.example.com/miner:latest", ports: [{ containerPort: 80, hostPort: 80 }] }],
            },
            { labels: { "serving.kserve.io/inferenceservice": "stolen" } },
        );
        for (const cloud of CLOUDS) {
            const production = admit(...Object.values(admissionOf(await okPlan("production", cloud))) as [PolicyObject[], BindingObject[]], { object: bad });
            expect(production.allowed, cloud).to.equal(false);
            expect(denied(production), cloud).to.deep.equal([...RULES].sort());
            expect(production.audited.length, "every refusal is audited").to.equal(RULES.length);
            const staging = admit(...Object.values(admissionOf(await okPlan("staging", cloud))) as [PolicyObject[], BindingObject[]], { object: bad });
            expect(staging.allowed).to.equal(true);
            expect(warned(staging)).to.deep.equal([...RULES].sort());
        }
    });

    describe("each rule, on the production policies (aws)", () => {
        let a: Admission;
        before(async () => {
            a = admissionOf(await okPlan("production", "aws"));
        });
        const refusedBy = (object: K8sObject) => denied(admit(a.policies, a.bindings, { object }));

        it("admits a good pod in a team namespace, and judges it with every policy", () => {
            const o = admit(a.policies, a.bindings, { object: pod("team-a") });
            expect(o.matched.sort()).to.deep.equal([...RULES].sort());
            expect(o.denied).to.deep.equal([]);
        });

        it("resources: every container and init container requests CPU and memory and limits memory", () => {
            const noLimit = { requests: { cpu: "1", memory: "1Gi" } };
            expect(refusedBy(pod("team-a", { containers: [container("app", { resources: noLimit })] }))).to.deep.equal(["mlplatform-container-resources"]);
            expect(refusedBy(pod("team-a", { initContainers: [container("init", { resources: undefined })] }))).to.deep.equal(["mlplatform-container-resources"]);
            const o = admit(a.policies, a.bindings, { object: pod("team-a", { containers: [container("app"), container("sidecar", { resources: {} })] }) });
            expect(o.denied[0].message).to.match(/limit memory: sidecar$/);
        });

        it("images: pinned by digest or a tag other than latest", () => {
            const digest = `ghcr.io/acme/app@sha256:${"a".repeat(64)}`;
            for (const image of ["ghcr.io/acme/app:1.2.3", digest, `ghcr.io/acme/app:1.2@sha256:${"b".repeat(64)}`, "busybox:1.36"]) {
                expect(refusedBy(pod("team-a", { containers: [container("app", { image })] })), image).to.deep.equal([]);
            }
            for (const image of ["ghcr.io/acme/app:latest", "ghcr.io/acme/app", "quay.io:443/acme/app", "busybox"]) {
                expect(refusedBy(pod("team-a", { containers: [container("app", { image })] })), image).to.include("mlplatform-image-pinned");
            }
        });

        it("registries: only the configured ones (subdomains included); Docker Hub short names are docker.io", () => {
            expect([...DEFAULT_ALLOWED_REGISTRIES]).to.include("docker.io");
            for (const image of ["kserve/sklearnserver:v0.20.0", "busybox:1.36", "docker.io/istio/proxyv2:1.30.3", "index.docker.io/library/nginx:1.27", "registry.k8s.io/pause:3.10"]) {
                expect(refusedBy(pod("team-a", { containers: [container("app", { image })] })), image).to.deep.equal([]);
            }
            for (const image of ["evil.example.com/acme/app:1.0", "localhost:5000/app:1.0", "localhost/app:1.0", "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.0", "quay.io.evil.com/app:1.0"]) {
                expect(refusedBy(pod("team-a", { containers: [container("app", { image })] })), image).to.deep.equal(["mlplatform-allowed-registries"]);
            }
        });

        it("host ports: refused on any container", () => {
            expect(refusedBy(pod("team-a", { containers: [container("app", { ports: [{ containerPort: 9100, hostPort: 9100 }] })] }))).to.deep.equal(["mlplatform-no-host-ports"]);
            expect(refusedBy(pod("team-a", { containers: [container("app", { ports: [{ containerPort: 9100, hostPort: 0 }] })] }))).to.deep.equal([]);
        });

        it("read-only root filesystem: required, unless the pod names the container in an annotation with a reason", () => {
            const writable = pod("team-a", { containers: [container("app", { securityContext: { readOnlyRootFilesystem: false } })] });
            expect(refusedBy(writable)).to.deep.equal(["mlplatform-read-only-root-filesystem"]);
            const optOut = (key: string, reason: string) => ({ ...writable, metadata: { ...writable.metadata, annotations: { [`${WRITABLE_ROOT_ANNOTATION_PREFIX}${key}`]: reason } } });
            expect(refusedBy(optOut("app", "writes its cache under /var/cache"))).to.deep.equal([]);
            expect(refusedBy(optOut("app", "")), "an empty reason").to.deep.equal(["mlplatform-read-only-root-filesystem"]);
            expect(refusedBy(optOut("other", "wrong container"))).to.deep.equal(["mlplatform-read-only-root-filesystem"]);
        });

        it("model servers: only in the serving namespace, as the serving service account", () => {
            const server = (namespace: string, serviceAccountName: string) => pod(namespace, { serviceAccountName }, { labels: { "serving.kserve.io/inferenceservice": "m" } });
            expect(refusedBy(server("serving", "model-server"))).to.deep.equal([]);
            expect(refusedBy(server("serving", "default"))).to.deep.equal(["mlplatform-model-server-identity"]);
            expect(refusedBy(server("team-a", "model-server"))).to.deep.equal(["mlplatform-model-server-identity"]);
            expect(refusedBy(pod("team-a", { serviceAccountName: "anything" })), "not a model server").to.deep.equal([]);
        });

        it("every kind that makes pods is judged through its pod template", () => {
            const bad = { metadata: { labels: { app: "x" } }, spec: { containers: [container("app", { image: "ghcr.io/acme/app:latest" })] } };
            const kinds: K8sObject[] = [
                { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "d", namespace: "team-a" }, spec: { template: bad } },
                { apiVersion: "apps/v1", kind: "StatefulSet", metadata: { name: "s", namespace: "team-a" }, spec: { template: bad } },
                { apiVersion: "apps/v1", kind: "DaemonSet", metadata: { name: "ds", namespace: "team-a" }, spec: { template: bad } },
                { apiVersion: "apps/v1", kind: "ReplicaSet", metadata: { name: "rs", namespace: "team-a" }, spec: { template: bad } },
                { apiVersion: "batch/v1", kind: "Job", metadata: { name: "j", namespace: "team-a" }, spec: { template: bad } },
                { apiVersion: "batch/v1", kind: "CronJob", metadata: { name: "c", namespace: "team-a" }, spec: { schedule: "* * * * *", jobTemplate: { spec: { template: bad } } } },
                { apiVersion: "v1", kind: "ReplicationController", metadata: { name: "rc", namespace: "team-a" }, spec: { template: bad } },
            ];
            for (const k of kinds) expect(refusedBy(k), k.kind).to.deep.equal(["mlplatform-image-pinned"]);
        });

        it("system namespaces are not judged; the platform's chart namespaces are warned, not refused", () => {
            const bad = pod("kube-system", { containers: [container("app", { image: "ghcr.io/acme/app:latest" })] });
            for (const ns of SYSTEM_NAMESPACES.eks) expect(admit(a.policies, a.bindings, { object: { ...bad, metadata: { ...bad.metadata, namespace: ns } } }).warnings, ns).to.deep.equal([]);
            const inCharts = admit(a.policies, a.bindings, { object: { ...bad, metadata: { ...bad.metadata, namespace: "istio-system" } } });
            expect(inCharts.allowed).to.equal(true);
            expect(warned(inCharts)).to.deep.equal(["mlplatform-image-pinned"]);
            expect(refusedBy({ ...bad, metadata: { ...bad.metadata, namespace: "serving" } }), "serving is enforced").to.deep.equal(["mlplatform-image-pinned"]);
        });

        it("an update that leaves the spec alone is not judged again (labels, finalizers)", () => {
            const bad = pod("team-a", { containers: [container("app", { image: "ghcr.io/acme/app:latest" })] });
            const relabelled = { ...bad, metadata: { ...bad.metadata, labels: { new: "label" } } };
            expect(denied(admit(a.policies, a.bindings, { object: relabelled, oldObject: bad, operation: "UPDATE" }))).to.deep.equal([]);
            const changed = { ...bad, spec: { ...bad.spec, activeDeadlineSeconds: 60 } };
            expect(denied(admit(a.policies, a.bindings, { object: changed, oldObject: bad, operation: "UPDATE" }))).to.deep.equal(["mlplatform-image-pinned"]);
        });

        it("a ReplicaSet admitted before a rule can still be scaled: only a changed pod template is judged again", () => {
            const badTemplate = pod("team-a", { containers: [container("app", { image: "ghcr.io/acme/app:latest" })] });
            const rs = (replicas: number, template: unknown) => ({ apiVersion: "apps/v1", kind: "ReplicaSet", metadata: { name: "rs", namespace: "team-a" }, spec: { replicas, template } });
            const scaled = admit(a.policies, a.bindings, { object: rs(0, badTemplate), oldObject: rs(3, badTemplate), operation: "UPDATE" });
            expect(denied(scaled), "scale-down").to.deep.equal([]);
            const retemplated = { ...badTemplate, metadata: { ...badTemplate.metadata, labels: { v: "2" } } };
            expect(denied(admit(a.policies, a.bindings, { object: rs(3, retemplated), oldObject: rs(3, badTemplate), operation: "UPDATE" }))).to.deep.equal(["mlplatform-image-pinned"]);
        });
    });

    it("GRD-6 namespaces the provider manages are not judged, by name or by prefix (GKE gke-managed-*, gmp-*; EKS amazon-*)", async () => {
        const bad = (namespace: string) => pod(namespace, { containers: [container("app", { image: "ghcr.io/acme/app:latest" })] });
        const cases: [string, string, boolean][] = [
            ["gcp", "gke-managed-newfeature", false],
            ["gcp", "gmp-system", false],
            ["gcp", "team-gke", true],
            ["aws", "amazon-cloudwatch", false],
            ["azure", "aks-command", false],
            ["azure", "amazon-x", true],
        ];
        for (const [cloud, namespace, judged] of cases) {
            const a = admissionOf(await okPlan("production", cloud));
            expect(denied(admit(a.policies, a.bindings, { object: bad(namespace) })), `${cloud} ${namespace}`).to.deep.equal(judged ? ["mlplatform-image-pinned"] : []);
        }
    });

    it("GRD-4 on Azure a model server also needs the workload-identity pod label", async () => {
        const a = admissionOf(await okPlan("production", "azure"));
        const server = (labels: Record<string, string>) => pod("serving", { serviceAccountName: "model-server" }, { labels: { "serving.kserve.io/inferenceservice": "m", ...labels } });
        expect(denied(admit(a.policies, a.bindings, { object: server({}) }))).to.deep.equal(["mlplatform-model-server-identity"]);
        expect(denied(admit(a.policies, a.bindings, { object: server({ "azure.workload.identity/use": "true" }) }))).to.deep.equal([]);
    });

    it("GRD-5 every binding is created after its policy", async () => {
        for (const cloud of CLOUDS) {
            const p = await okPlan("production", cloud);
            const policies = new Map(ofType(p, POLICY).map((r) => [(r.inputs as any).metadata.name, r.urn]));
            for (const b of ofType(p, BINDING)) {
                expect(b.dependencies, `${cloud} ${b.name}`).to.include(policies.get((b.inputs as any).spec.policyName));
            }
        }
    });
});
