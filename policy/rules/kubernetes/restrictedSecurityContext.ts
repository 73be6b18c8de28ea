import { resourceRule, type Props } from "../../lib/rule";
import { describeContainer, EXEMPT_NAMESPACES_SCHEMA, forEachContainer, isExempt, WORKLOAD_TYPES, type Container } from "../../lib/kubernetes";
import { asArray } from "../../lib/values";
import { checkov, cisK8s, pss } from "../../lib/references";

interface Config {
    exemptNamespaces: string[];
}

const SECCOMP = ["RuntimeDefault", "Localhost"];
const ALLOWED_ADDED_CAPABILITIES = ["NET_BIND_SERVICE"];

/** A container setting wins over the pod's (runAsNonRoot, seccompProfile). */
function effective(c: Container, pod: Props, key: string): unknown {
    return c.securityContext?.[key] ?? pod.securityContext?.[key];
}

function problems(c: Container, pod: Props): string[] {
    const found: string[] = [];
    const sc = c.securityContext ?? {};
    if (effective(c, pod, "runAsNonRoot") !== true) found.push("runAsNonRoot is not true");
    if (sc.allowPrivilegeEscalation !== false) found.push("allowPrivilegeEscalation is not false");
    if (!asArray(sc.capabilities?.drop).includes("ALL")) found.push("capabilities do not drop ALL");
    const added = asArray<string>(sc.capabilities?.add).filter((cap) => !ALLOWED_ADDED_CAPABILITIES.includes(cap));
    if (added.length > 0) found.push(`adds capabilities ${added.join(", ")}`);
    const seccomp = (effective(c, pod, "seccompProfile") as { type?: string } | undefined)?.type;
    if (!SECCOMP.includes(seccomp ?? "")) found.push("no RuntimeDefault/Localhost seccomp profile");
    return found;
}

export default resourceRule<Config>({
    name: "k8s-restricted-security-context",
    description: "Containers meet the restricted Pod Security Standard: non-root, no privilege escalation, all capabilities dropped, seccomp on.",
    category: "security",
    severity: "high",
    references: [pss("restricted"), cisK8s("5.2.6"), cisK8s("5.2.7"), cisK8s("5.2.9"), checkov("CKV_K8S_20"), checkov("CKV_K8S_23"), checkov("CKV_K8S_28"), checkov("CKV_K8S_31"), checkov("CKV_K8S_37")],
    remediationSteps: "Set runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities.drop: [\"ALL\"] and seccompProfile.type: RuntimeDefault on each container (or the pod).",
    config: { exemptNamespaces: EXEMPT_NAMESPACES_SCHEMA },
    types: WORKLOAD_TYPES,
    check: ({ type, props, config, report }) => {
        if (isExempt(props, config.exemptNamespaces)) return;
        forEachContainer(type, props, (c, pod) => {
            const found = problems(c, pod);
            if (found.length > 0) report(`${describeContainer(c)}: ${found.join("; ")}.`);
        });
    },
});
