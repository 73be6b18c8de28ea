import { resourceRule } from "../../lib/rule";
import { describeContainer, EXEMPT_NAMESPACES_SCHEMA, forEachContainer, isExempt, podSourcesOf, WORKLOAD_TYPES } from "../../lib/kubernetes";
import { asArray } from "../../lib/values";
import { checkov, cisK8s, pss } from "../../lib/references";

interface Config {
    exemptNamespaces: string[];
}

const HOST_NAMESPACES = ["hostNetwork", "hostPID", "hostIPC"] as const;

export default resourceRule<Config>({
    name: "k8s-no-privileged-or-host-access",
    description: "Pods are not privileged and do not share the node's namespaces, paths or ports (PSS baseline).",
    category: "security",
    severity: "critical",
    references: [pss("baseline"), cisK8s("5.2.2"), cisK8s("5.2.3"), cisK8s("5.2.4"), cisK8s("5.2.5"), checkov("CKV_K8S_16"), checkov("CKV_K8S_17"), checkov("CKV_K8S_18"), checkov("CKV_K8S_19")],
    remediationSteps: "Remove privileged, hostNetwork/hostPID/hostIPC, hostPath volumes and hostPort; node agents that truly need them belong in an exempt namespace.",
    config: { exemptNamespaces: EXEMPT_NAMESPACES_SCHEMA },
    types: WORKLOAD_TYPES,
    check: ({ type, props, config, report }) => {
        if (isExempt(props, config.exemptNamespaces)) return;
        for (const { component, pod } of podSourcesOf(type, props)) {
            const where = component ? `The ${component} pod` : "The pod";
            for (const key of HOST_NAMESPACES) if (pod[key] === true) report(`${where} sets ${key}.`);
            for (const v of asArray<{ name?: string; hostPath?: unknown }>(pod.volumes)) if (v.hostPath) report(`Volume "${v.name}" mounts a hostPath.`);
        }
        forEachContainer(type, props, (c) => {
            if (c.securityContext?.privileged === true) report(`${describeContainer(c)} is privileged.`);
            if (asArray(c.ports).some((p) => (p as { hostPort?: number }).hostPort)) report(`${describeContainer(c)} binds a hostPort.`);
        });
    },
});
