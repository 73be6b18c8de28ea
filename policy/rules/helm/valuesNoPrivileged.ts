import { resourceRule, type Props } from "../../lib/rule";
import { EXCEPTIONS_SCHEMA, HELM_TYPES, isExcepted, isObject, pathLabel, valuesOf, walkValues, type ReleaseException, type ValueNode } from "../../lib/helmValues";
import { isFalse, isTrue } from "../../lib/values";
import { pss } from "../../lib/references";

interface Config {
    exceptions: ReleaseException[];
}

const ALLOWED_ADDED_CAPABILITIES = ["NET_BIND_SERVICE"];

interface Finding {
    check: "privileged" | "privilegeEscalation" | "hostNamespace" | "hostPath" | "hostPort" | "runAsRoot" | "capabilities";
    message: string;
}

/** What one key of the values tree grants, wherever it sits. */
function inspect({ key, value, path }: ValueNode): Finding | undefined {
    const at = pathLabel(path);
    if (key === "privileged" && isTrue(value)) return { check: "privileged", message: `${at} is true.` };
    if (key === "allowPrivilegeEscalation" && isTrue(value)) return { check: "privilegeEscalation", message: `${at} is true.` };
    if (["hostNetwork", "hostPID", "hostIPC"].includes(key) && isTrue(value)) return { check: "hostNamespace", message: `${at} is true.` };
    if (key === "hostPath" && (isObject(value) || (typeof value === "string" && value !== ""))) return { check: "hostPath", message: `${at} mounts a path of the node.` };
    if (key === "hostPort" && Number(value) > 0) return { check: "hostPort", message: `${at} binds port ${value} on the node.` };
    if (key === "runAsUser" && (value === 0 || value === "0")) return { check: "runAsRoot", message: `${at} is 0 (root).` };
    if (key === "runAsNonRoot" && isFalse(value)) return { check: "runAsRoot", message: `${at} is false.` };
    if (key === "add" && path[path.length - 2] === "capabilities" && Array.isArray(value)) {
        const added = value.filter((c) => !ALLOWED_ADDED_CAPABILITIES.includes(String(c)));
        if (added.length > 0) return { check: "capabilities", message: `${at} adds ${added.join(", ")}.` };
    }
    return undefined;
}

export function hostAccessFindings(values: unknown): Finding[] {
    const found: Finding[] = [];
    walkValues(values, (node) => {
        const f = inspect(node);
        if (f) found.push(f);
    });
    return found;
}

/** Chart values are where every workload of the platform is configured: a walk of the whole tree, not a list of keys. */
export default resourceRule<Config>({
    name: "helm-values-no-privileged",
    description: "Helm values nowhere switch on privileged mode, privilege escalation, host namespaces, host paths or ports, root users or added capabilities; a chart that needs one is a named exception with its reason.",
    category: "security",
    severity: "critical",
    references: [pss("baseline"), pss("restricted")],
    remediationSteps: "Remove the setting. A chart that must have it (a CNI node agent, a runtime security sensor) gets an entry in exceptions: {release: \"<namespace>/<chart>\", allow: [<check>], reason}.",
    config: { exceptions: { ...EXCEPTIONS_SCHEMA, default: [] } },
    types: HELM_TYPES,
    check: ({ props, config, report }) => {
        for (const f of hostAccessFindings(valuesOf(props as Props))) {
            if (!isExcepted(config.exceptions, props, f.check)) report(`${f.message} (${f.check})`);
        }
    },
});
