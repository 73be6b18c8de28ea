import { resourceRule } from "../../lib/rule";
import { labelsOf } from "../../lib/kubernetes";
import { cisAks, pss } from "../../lib/references";

interface Config {
    requiredLevel: string;
    /** Namespace name -> the (weaker) level it may enforce, each with a documented reason in code. */
    exemptions: Record<string, string>;
}

const LEVELS = ["privileged", "baseline", "restricted"];
const ENFORCE = "pod-security.kubernetes.io/enforce";

export default resourceRule<Config>({
    name: "k8s-namespace-pod-security",
    description: "Every namespace enforces a Pod Security Admission level: restricted unless configured as an exemption.",
    category: "security",
    severity: "high",
    references: [pss("restricted"), cisAks("4.2.1")],
    remediationSteps: "Label the namespace pod-security.kubernetes.io/enforce=restricted (and warn/audit); add a justified entry to `exemptions` for a namespace that must run node agents.",
    config: {
        requiredLevel: { type: "string", enum: LEVELS, default: "restricted" },
        exemptions: { type: "object", additionalProperties: { type: "string", enum: LEVELS }, default: {} },
    },
    types: ["kubernetes:core/v1:Namespace"],
    check: ({ props, config, report }) => {
        const name = props.metadata?.name ?? "";
        const level = labelsOf(props)[ENFORCE];
        const expected = config.exemptions[name] ?? config.requiredLevel;
        if (!level) report(`Namespace ${name} has no ${ENFORCE} label.`);
        else if (LEVELS.indexOf(level) < LEVELS.indexOf(expected)) report(`Namespace ${name} enforces "${level}"; "${expected}" required.`);
    },
});
