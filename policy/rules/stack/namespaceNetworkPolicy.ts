import type { PolicyResource } from "@pulumi/policy";
import { stackRule } from "../../lib/rule";
import { known } from "../../lib/unknown";
import { asArray } from "../../lib/values";
import { cisAks, cisK8s } from "../../lib/references";

interface Config {
    platformLabel: string;
    platformLabelValue: string;
    requireDefaultDeny: boolean;
}

const NAMESPACE = "kubernetes:core/v1:Namespace";
const NETWORK_POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";

/** A NetworkPolicy belongs to a namespace through its metadata (propertyDependencies) or by name. */
function inNamespace(policy: PolicyResource, ns: PolicyResource): boolean {
    if ((policy.propertyDependencies.metadata ?? []).some((d) => d.urn === ns.urn)) return true;
    const name = known(() => ns.props.metadata?.name);
    return name !== undefined && known(() => policy.props.metadata?.namespace) === name;
}

/** Selects every pod and lists both directions with no allow rules. */
function isDefaultDeny(policy: PolicyResource): boolean {
    const spec = known(() => policy.props.spec) ?? {};
    const selectsAll = Object.keys(spec.podSelector ?? {}).length === 0;
    const types = asArray<string>(spec.policyTypes);
    return selectsAll && types.includes("Ingress") && types.includes("Egress") && asArray(spec.ingress).length === 0 && asArray(spec.egress).length === 0;
}

export default stackRule<Config>({
    name: "k8s-namespace-network-policy",
    description: "Every platform namespace has NetworkPolicies, starting from a default deny.",
    category: "security",
    severity: "high",
    references: [cisK8s("5.3.2"), cisAks("4.4.2")],
    remediationSteps: "Create a NetworkPolicy in the namespace with podSelector {} and policyTypes [Ingress, Egress], then allow the flows its workloads need.",
    config: {
        platformLabel: { type: "string", default: "app.kubernetes.io/part-of" },
        platformLabelValue: { type: "string", default: "ml-platform" },
        requireDefaultDeny: { type: "boolean", default: true },
    },
    types: [NAMESPACE, NETWORK_POLICY],
    check: (args, { config, report }) => {
        const policies = args.resources.filter((r) => r.type === NETWORK_POLICY);
        const platformNamespaces = args.resources.filter(
            (r) => r.type === NAMESPACE && known(() => r.props.metadata?.labels?.[config.platformLabel]) === config.platformLabelValue,
        );
        for (const ns of platformNamespaces) {
            const own = policies.filter((p) => inNamespace(p, ns));
            const label = known(() => ns.props.metadata?.name) ?? ns.name;
            if (own.length === 0) report(`Namespace ${label} has no NetworkPolicy.`, ns.urn);
            else if (config.requireDefaultDeny && !own.some(isDefaultDeny)) report(`Namespace ${label} has no default-deny NetworkPolicy.`, ns.urn);
        }
    },
});
