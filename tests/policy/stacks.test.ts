/**
 * The pack over the real offline plans: every shipped stack on every implemented cloud passes with
 * no mandatory violation (production with no advisory one either), and breaking a planned
 * resource makes the matching rule fire.
 */
import { expect } from "chai";
import type { CapturedResource } from "../../automation/capture";
import { evaluatePolicies, type PolicyReport } from "../../policy/offline";
import { TAG_PATHS } from "../../policy/lib/tags";
import { okPlan, sdkArgsHave, STACKS } from "../support/plans";

const CLOUDS = ["aws", "gcp", "azure"] as const;


function clone(resources: CapturedResource[]): CapturedResource[] {
    return JSON.parse(JSON.stringify(resources)) as CapturedResource[];
}

/** Evaluates the plan after `mutate` changed the first resource of `type`. */
async function evaluateBroken(resources: CapturedResource[], environment: "staging" | "production", type: string, mutate: (r: CapturedResource) => void): Promise<PolicyReport> {
    const copy = clone(resources);
    const target = copy.find((r) => r.type === type);
    if (!target) throw new Error(`the plan has no ${type}`);
    mutate(target);
    return evaluatePolicies(copy, { stack: environment, environment });
}

function fired(report: PolicyReport, policy: string): string[] {
    return report.violations.filter((v) => v.policy === policy && v.level === "mandatory").map((v) => v.message);
}

describe("policy pack on the shipped stacks", function () {
    this.timeout(180_000);

    for (const cloud of CLOUDS) {
        for (const stack of STACKS) {
            it(`${stack} on ${cloud}: no mandatory violations${stack === "production" ? " and no advisory ones" : ""}`, async function () {
                const p = await okPlan(stack, cloud);
                const report = await evaluatePolicies(p.resources, { stack, environment: p.environment as "staging" | "production" });
                const unexpected = report.violations.filter((v) => v.level === "mandatory" || stack === "production");
                expect(unexpected.map((v) => `${v.level} ${v.policy}: ${v.message} (${v.urn})`)).to.deep.equal([]);
                expect(report.rules).to.be.at.least(45);
            });
        }
    }

    it("knows where every taggable type in the plans keeps its tags", async function () {
        const types = new Set<string>();
        for (const cloud of CLOUDS) {
            for (const stack of STACKS) {
                const p = await okPlan(stack, cloud);
                p.resources.filter((r) => r.custom && /^(aws|gcp|azure-native):/.test(r.type)).forEach((r) => types.add(r.type));
            }
        }
        const taggable = [...types].filter((t) => ["tags", "labels", "resourceLabels"].some((prop) => sdkArgsHave(t, prop)));
        expect(taggable.length).to.be.greaterThan(0);
        expect(taggable.filter((t) => !(t in TAG_PATHS))).to.deep.equal([]);
    });

    describe("breaking a planned resource makes its rule fire", () => {
        it("AWS: RDS storage unencrypted", async function () {
            const p = await okPlan("production", "aws");
            const report = await evaluateBroken(p.resources, "production", "aws:rds/instance:Instance", (r) => (r.inputs.storageEncrypted = false));
            expect(fired(report, "aws-rds-storage-encrypted")).to.not.be.empty;
        });

        it("AWS: S3 bucket without its public access block", async function () {
            const p = await okPlan("production", "aws");
            const copy = clone(p.resources);
            const withoutBlock = copy.filter((r, i) => !(r.type === "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock" && copy.findIndex((x) => x.type === r.type) === i));
            const report = await evaluatePolicies(withoutBlock, { stack: "production", environment: "production" });
            expect(fired(report, "aws-s3-public-access-block").join()).to.match(/has no public access block/);
        });

        it("Azure: AKS with local accounts", async function () {
            const p = await okPlan("production", "azure");
            const report = await evaluateBroken(p.resources, "production", "azure-native:containerservice:ManagedCluster", (r) => (r.inputs.disableLocalAccounts = false));
            expect(fired(report, "azure-aks-entra-rbac").join()).to.match(/Local accounts/);
        });

        it("GCP: GKE without private nodes", async function () {
            const p = await okPlan("production", "gcp");
            const report = await evaluateBroken(p.resources, "production", "gcp:container/cluster:Cluster", (r) => {
                r.inputs.privateClusterConfig = { ...(r.inputs.privateClusterConfig as object), enablePrivateNodes: false };
            });
            expect(fired(report, "gcp-gke-private-cluster")).to.not.be.empty;
        });

        it("Helm: an unpinned chart and privileged values", async function () {
            const p = await okPlan("production", "aws");
            const report = await evaluateBroken(p.resources, "production", "kubernetes:helm.sh/v3:Release", (r) => {
                r.inputs.version = "";
                r.inputs.values = { ...(r.inputs.values as object), controller: { securityContext: { privileged: true } } };
            });
            expect(fired(report, "helm-chart-version-pinned")).to.not.be.empty;
            expect(fired(report, "helm-values-no-privileged").join()).to.match(/values.controller.securityContext.privileged/);
        });

        it("Kubernetes: a platform namespace without NetworkPolicies or PSA label", async function () {
            const p = await okPlan("production", "aws");
            const copy = clone(p.resources);
            const ns = copy.find((r) => r.type === "kubernetes:core/v1:Namespace" && (r.inputs.metadata as { name: string }).name === "mlflow")!;
            delete (ns.inputs.metadata as { labels: Record<string, string> }).labels["pod-security.kubernetes.io/enforce"];
            const kept = copy.filter((r) => !(r.type === "kubernetes:networking.k8s.io/v1:NetworkPolicy" && r.propertyDependencies.metadata?.includes(ns.urn)));
            const report = await evaluatePolicies(kept, { stack: "production", environment: "production" });
            expect(fired(report, "k8s-namespace-network-policy").join()).to.match(/mlflow has no NetworkPolicy/);
            expect(fired(report, "k8s-namespace-pod-security").join()).to.match(/mlflow has no pod-security/);
        });
    });
});
