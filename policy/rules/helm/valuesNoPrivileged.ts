import { resourceRule } from "../../lib/rule";
import { known } from "../../lib/unknown";
import { pss } from "../../lib/references";

interface Config {
    /** Release names (`name`, or the resource name) whose values may grant host access. */
    exemptReleases: string[];
}

/** Keys that, set to true anywhere in the values, grant a pod host-level access. */
const DENIED = ["privileged", "hostNetwork", "hostPID", "hostIPC", "allowPrivilegeEscalation"];

function findDenied(value: unknown, path: string[] = []): string[] {
    if (Array.isArray(value)) return value.flatMap((v, i) => findDenied(v, [...path, String(i)]));
    if (typeof value !== "object" || value === null) return [];
    // Values often hold outputs unknown during preview (hosts, ARNs); those cannot be `true` literals.
    return Object.keys(value).flatMap((k) => {
        const v = known(() => (value as Record<string, unknown>)[k]);
        return DENIED.includes(k) && v === true ? [[...path, k].join(".")] : findDenied(v, [...path, k]);
    });
}

export default resourceRule<Config>({
    name: "helm-values-no-privileged",
    description: "Helm values never switch on privileged mode, host namespaces or privilege escalation.",
    category: "security",
    severity: "critical",
    references: [pss("baseline")],
    remediationSteps: "Remove the setting; a chart that needs host access must be listed in exemptReleases with the reason in code.",
    config: { exemptReleases: { type: "array", items: { type: "string" }, default: [] } },
    types: ["kubernetes:helm.sh/v3:Release", "kubernetes:helm.sh/v4:Chart"],
    check: ({ name, props, config, report }) => {
        if (config.exemptReleases.includes(props.name ?? name)) return;
        for (const path of findDenied(known(() => props.values))) report(`values.${path} is true.`);
    },
});
