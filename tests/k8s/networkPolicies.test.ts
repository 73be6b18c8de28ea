import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import type { FlowRule, Peer } from "../../k8s/component";
import type { K8sContext } from "../../k8s/context";
import { namespacePolicies } from "../../k8s/networkPolicyBuilder";
import { DECLARATIONS, MESHED, NAMESPACES } from "./components";

const network = { policyEngine: "azure-cilium", kubeProxy: false, clusterDns: "coredns", identityEndpoints: [] };
const ctx = { foundation: { database: { port: pulumi.output(5432) }, cache: { port: pulumi.output(6379) }, cluster: { network } } } as unknown as K8sContext;
const policies = namespacePolicies(ctx, DECLARATIONS, MESHED);
const keys = DECLARATIONS.map((n) => n.key);

function admits(rules: FlowRule[], from: string, ports: unknown[]): boolean {
    const matches = (p: Peer) => ("namespace" in p && p.namespace === from) || "anyNamespace" in p;
    return rules.some((r) => r.peers.some(matches) && (r.ports.length === 0 || ports.every((port) => r.ports.includes(port as number))));
}

describe("network policy flows", () => {
    it("lists flows for every platform namespace", () => {
        expect(Object.keys(policies)).to.have.members(keys);
    });

    it("lets every sidecar reach istiod", () => {
        for (const key of keys.filter((k) => NAMESPACES[k].mesh !== "disabled")) {
            expect(admits(policies[key].egress, "istioSystem", [15012]), key).to.equal(true);
        }
        expect(admits(policies.istioSystem.ingress, "serving", [15012])).to.equal(true);
    });

    it("opens both ends of every flow between platform namespaces", () => {
        for (const a of keys) {
            for (const rule of policies[a].egress) {
                for (const peer of rule.peers.filter((p): p is { namespace: string } => "namespace" in p)) {
                    expect(admits(policies[peer.namespace].ingress, a, rule.ports), `${a} -> ${peer.namespace} (${rule.name})`).to.equal(true);
                }
            }
            for (const rule of policies[a].ingress) {
                for (const peer of rule.peers.filter((p): p is { namespace: string } => "namespace" in p)) {
                    expect(admits(policies[peer.namespace].egress, a, rule.ports), `${peer.namespace} -> ${a} (${rule.name})`).to.equal(true);
                }
            }
        }
    });

    it("lets Prometheus scrape the mesh's sidecars wherever they run", () => {
        for (const key of keys.filter((k) => NAMESPACES[k].mesh !== "disabled")) {
            expect(admits(policies[key].ingress, "monitoring", [15090]), key).to.equal(true);
        }
    });

    it("refuses a flow from a namespace no component declares", () => {
        const stray = { ...NAMESPACES.mlflow, accepts: [{ name: "x", peers: [{ namespace: "nowhere" }], ports: [1] }] };
        expect(() => namespacePolicies(ctx, [stray], [])).to.throw(/no component declares namespace nowhere/);
    });
});
