import { expect } from "chai";
import type { CapturedResource } from "../../automation/capture";
import { criticalPath, waitsFor } from "../../automation/criticalPath";
import { okPlan } from "../support/plans";

const CLUSTER: Record<string, RegExp> = {
    aws: /^aws:eks\/cluster:Cluster$/,
    gcp: /^gcp:container\/cluster:Cluster$/,
    azure: /^azure-native:containerservice:ManagedCluster$/,
};
/** The data services: database, cache and object store (buckets, containers, accounts). */
const DATA_SERVICE = /^(aws:(rds|elasticache|s3)\/|gcp:(sql|redis|storage)\/|azure-native:(dbforpostgresql|redisenterprise|cache|storage):)/;

function ancestorsOf(urn: string, edges: Map<string, string[]>, seen = new Set<string>()): Set<string> {
    for (const dep of edges.get(urn) ?? []) {
        if (seen.has(dep)) continue;
        seen.add(dep);
        ancestorsOf(dep, edges, seen);
    }
    return seen;
}

const resource = (urn: string, type: string, dependencies: string[] = [], extra: Partial<CapturedResource> = {}): CapturedResource => ({
    urn,
    type,
    name: urn,
    custom: true,
    parent: null,
    dependencies,
    propertyDependencies: {},
    protect: false,
    retainOnDelete: false,
    provider: null,
    inputs: {},
    ...extra,
});

describe("critical path estimate", () => {
    it("weights the longest chain, following providers and dependencies on components", () => {
        const path = criticalPath([
            resource("cluster", "aws:eks/cluster:Cluster"),
            resource("k8s", "pulumi:providers:kubernetes", ["cluster"]),
            resource("layer", "mlplatform:k8s:Layer", [], { custom: false }),
            resource("release", "kubernetes:helm.sh/v3:Release", [], { parent: "layer", provider: "k8s::id" }),
            resource("after", "kubernetes:core/v1:Namespace", ["layer"]),
            resource("bucket", "aws:s3/bucket:Bucket"),
        ]);
        expect(path.chain.map((s) => s.urn)).to.deep.equal(["cluster", "k8s", "release", "after"]);
        expect(path.seconds).to.equal(900 + 120 + 2);
    });

    for (const cloud of ["aws", "gcp", "azure"]) {
        describe(`production on ${cloud}`, () => {
            it("runs through the cluster, and no data service is on it", async () => {
                const p = await okPlan("production", cloud);
                const path = criticalPath(p.resources);
                expect(path.chain.map((s) => s.type), "the cluster is on the critical path").to.satisfy((types: string[]) => types.some((t) => CLUSTER[cloud].test(t)));
                expect(path.chain.filter((s) => DATA_SERVICE.test(s.type)).map((s) => s.urn)).to.deep.equal([]);
            });

            it("creates the database, cache and object store without waiting for the cluster", async () => {
                const p = await okPlan("production", cloud);
                const edges = waitsFor(p.resources);
                const cluster = p.resources.find((r) => CLUSTER[cloud].test(r.type))!;
                const data = p.resources.filter((r) => r.custom && DATA_SERVICE.test(r.type));
                expect(data.length, "data services in the plan").to.be.greaterThan(2);
                for (const r of data) expect([...ancestorsOf(r.urn, edges)], `${r.urn} waits for the cluster`).to.not.include(cluster.urn);
                expect([...ancestorsOf(cluster.urn, edges)].filter((u) => DATA_SERVICE.test(p.resources.find((r) => r.urn === u)!.type))).to.deep.equal([]);
            });
        });
    }
});
