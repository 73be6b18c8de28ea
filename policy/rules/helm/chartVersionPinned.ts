import { resourceRule } from "../../lib/rule";
import { platform } from "../../lib/references";

/** An exact SemVer version (optionally v-prefixed); ranges, wildcards and "latest" are not. */
const EXACT = /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

export default resourceRule({
    name: "helm-chart-version-pinned",
    description: "Helm releases pin an exact chart version.",
    category: "security",
    severity: "high",
    references: [platform("helm-pinned-charts")],
    remediationSteps: "Set version to an exact chart version (e.g. \"1.30.3\"), never a range or empty.",
    types: ["kubernetes:helm.sh/v3:Release", "kubernetes:helm.sh/v4:Chart"],
    check: ({ props, report }) => {
        const version = props.version;
        if (typeof version !== "string" || !EXACT.test(version)) report(`Chart ${props.chart} is not pinned to an exact version (${version ?? "unset"}).`);
    },
});
