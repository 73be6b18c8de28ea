import { resourceRule } from "../../lib/rule";
import { describeContainer, EXEMPT_NAMESPACES_SCHEMA, forEachContainer, isExempt, WORKLOAD_TYPES } from "../../lib/kubernetes";
import { checkov } from "../../lib/references";

interface Config {
    exemptNamespaces: string[];
}

export default resourceRule<Config>({
    name: "k8s-read-only-root-filesystem",
    description: "Containers run with a read-only root filesystem (writable paths are emptyDir volumes).",
    category: "security",
    severity: "medium",
    enforcementLevel: "advisory",
    references: [checkov("CKV_K8S_22")],
    remediationSteps: "Set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where the process writes (e.g. /tmp).",
    config: { exemptNamespaces: EXEMPT_NAMESPACES_SCHEMA },
    types: WORKLOAD_TYPES,
    check: ({ type, props, config, report }) => {
        if (isExempt(props, config.exemptNamespaces)) return;
        forEachContainer(type, props, (c) => {
            if (c.kind !== "ephemeral" && c.securityContext?.readOnlyRootFilesystem !== true) report(`${describeContainer(c)} has a writable root filesystem.`);
        });
    },
});
