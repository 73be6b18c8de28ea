import { resourceRule } from "../../lib/rule";
import { WORKLOAD_TYPES } from "../../lib/kubernetes";
import { checkov, cisK8s } from "../../lib/references";

/** Objects without a namespace land in the provider's default namespace, which has no PSA or NetworkPolicy. */
export default resourceRule({
    name: "k8s-no-default-namespace",
    description: "Workloads, Services and ServiceAccounts name a namespace other than default.",
    category: "governance",
    severity: "low",
    enforcementLevel: "advisory",
    references: [cisK8s("5.7.4"), checkov("CKV_K8S_21")],
    remediationSteps: "Set metadata.namespace to one of the platform's namespaces.",
    types: [...WORKLOAD_TYPES, "kubernetes:core/v1:Service", "kubernetes:core/v1:ServiceAccount"],
    check: ({ props, report }) => {
        const ns = props.metadata?.namespace;
        if (!ns || ns === "default") report(`The object is in the ${ns ? "default" : "provider's default"} namespace.`);
    },
});
