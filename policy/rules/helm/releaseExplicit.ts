import { resourceRule } from "../../lib/rule";
import { platform } from "../../lib/references";

/** Explicit names keep object names stable; a timeout bounds a stuck rollout. */
export default resourceRule({
    name: "helm-release-explicit",
    description: "Helm releases set their release name, namespace and timeout explicitly.",
    category: "governance",
    severity: "low",
    references: [platform("helm-releases")],
    remediationSteps: "Set name, namespace and timeout on the helm.v3.Release.",
    types: ["kubernetes:helm.sh/v3:Release"],
    check: ({ props, report }) => {
        const absent = ["name", "namespace", "timeout"].filter((k) => props[k] === undefined || props[k] === "");
        if (absent.length > 0) report(`The release does not set ${absent.join(", ")}.`);
    },
});
