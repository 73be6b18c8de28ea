/**
 * examples/ray-tune: the RayJob is valid against KubeRay's RayJob CRD at the pinned version and
 * fits what the platform's Ray namespace enforces and provides; the script is valid Python.
 */
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { TAINTS as AWS_TAINTS } from "../../clouds/aws/nodeGroups";
import { TAINTS as AZURE_TAINTS } from "../../clouds/azure/nodePools";
import { TAINTS as GCP_TAINTS } from "../../clouds/gcp/nodePools";
import { RAY_NAMESPACE, RAY_SERVICE_ACCOUNT } from "../../k8s/ray/constants";
import { HEAD_METRIC_PORTS } from "../../k8s/ray/monitoring";
import { RAY_POD_MESH_ANNOTATIONS } from "../../k8s/ray/operator";
import { MLFLOW_NAMESPACE } from "../../k8s/mlflow";
import { MLFLOW_RELEASE, MLFLOW_SERVICE_PORT } from "../../k8s/mlflow/values";
import { validateObject, type KubeObject } from "../k8s/schemas/objects";

const DIR = path.join(__dirname, "..", "..", "examples", "ray-tune");
const job = parse(fs.readFileSync(path.join(DIR, "rayjob.yaml"), "utf8")) as KubeObject & Record<string, any>;
const cluster = job.spec.rayClusterSpec;
const templates = [cluster.headGroupSpec.template.spec, ...cluster.workerGroupSpecs.map((g: any) => g.template.spec)];

/** What Pod Security Admission's restricted profile checks on one container, given its pod's context. */
function restrictedProblems(pod: any, c: any): string[] {
    const sc = { ...pod.securityContext, ...c.securityContext };
    const problems: string[] = [];
    if (sc.runAsNonRoot !== true) problems.push("runAsNonRoot");
    if (c.securityContext?.allowPrivilegeEscalation !== false) problems.push("allowPrivilegeEscalation");
    if (!(c.securityContext?.capabilities?.drop ?? []).includes("ALL")) problems.push("capabilities.drop ALL");
    if (!["RuntimeDefault", "Localhost"].includes(sc.seccompProfile?.type)) problems.push("seccompProfile");
    return problems.map((p) => `${c.name}: ${p}`);
}

describe("examples/ray-tune", () => {
    it("is a valid RayJob for KubeRay 1.7.0's CRD", () => {
        expect(validateObject(job)).to.deep.equal([]);
    });

    it("would be refused by the same check with a misspelled field (the check can fail)", () => {
        const broken = JSON.parse(JSON.stringify(job));
        broken.spec.rayClusterSpec.workerGroupSpecs[0].maxReplica = 4;
        expect(validateObject(broken).join("\n")).to.match(/maxReplica/);
    });

    it("runs in the Ray namespace as the service account bound to the artifact store", () => {
        expect(job.metadata.namespace).to.equal(RAY_NAMESPACE);
        for (const t of templates) expect(t.serviceAccountName).to.equal(RAY_SERVICE_ACCOUNT);
    });

    it("meets the restricted pod security the namespace enforces, autoscaler included", () => {
        for (const t of templates) for (const c of t.containers) expect(restrictedProblems(t, c)).to.deep.equal([]);
        expect(restrictedProblems({}, { name: "autoscaler", securityContext: cluster.autoscalerOptions.securityContext })).to.deep.equal([]);
        // The default submitter pod has no security context; HTTPMode has none at all.
        expect(job.spec.submissionMode).to.equal("HTTPMode");
    });

    it("declares the head ports the platform's PodMonitor scrapes", () => {
        const ports = cluster.headGroupSpec.template.spec.containers[0].ports.map((p: any) => p.name);
        expect(ports).to.include.members([...HEAD_METRIC_PORTS]);
    });

    it("reaches MLflow at its in-mesh Service, on the one port the Ray pods' sidecar intercepts", () => {
        const uri = new URL(cluster.headGroupSpec.template.spec.containers[0].env.find((e: any) => e.name === "MLFLOW_TRACKING_URI").value);
        expect(uri.hostname).to.equal(`${MLFLOW_RELEASE}.${MLFLOW_NAMESPACE.name}.svc.cluster.local`);
        const port = Number(uri.port || (uri.protocol === "http:" ? 80 : 443));
        expect(port).to.equal(MLFLOW_SERVICE_PORT);
        expect(RAY_POD_MESH_ANNOTATIONS["traffic.sidecar.istio.io/includeOutboundPorts"].split(",")).to.include(String(port));
    });

    it("lets workers land on the spot pool of every cloud (the Foundations' spot taints)", () => {
        const tolerations = cluster.workerGroupSpecs[0].template.spec.tolerations;
        for (const taint of [AWS_TAINTS.spot, GCP_TAINTS.spot, AZURE_TAINTS.spot]) {
            expect(tolerations, taint.key).to.deep.include({ key: taint.key, operator: "Equal", value: taint.value, effect: taint.effect });
        }
    });

    it("is CPU-only and small", () => {
        for (const t of templates) for (const c of t.containers) expect(Object.keys({ ...c.resources.requests, ...c.resources.limits })).to.not.include("nvidia.com/gpu");
        expect(cluster.workerGroupSpecs.reduce((n: number, g: any) => n + g.maxReplicas, 0)).to.be.at.most(4);
    });

    it("ships a script that compiles (python3)", function () {
        if (spawnSync("python3", ["--version"]).status !== 0) this.skip();
        const run = spawnSync("python3", ["-c", "import ast,sys; ast.parse(open(sys.argv[1]).read())", path.join(DIR, "tune_mlflow.py")], { encoding: "utf8" });
        expect(run.status, run.stderr).to.equal(0);
        expect(job.spec.entrypoint).to.equal("python /home/ray/example/tune_mlflow.py");
    });
});
