import { resourceRule } from "../../lib/rule";
import { platform } from "../../lib/references";

const SECURE = /^(https|oci):\/\//;

/** A chart comes from an https repository, or is a full oci:// reference. */
export default resourceRule({
    name: "helm-trusted-repository",
    description: "Helm charts are fetched over https:// or oci://, never plain http or an unspecified source.",
    category: "security",
    severity: "high",
    references: [platform("helm-pinned-charts")],
    remediationSteps: "Set repositoryOpts.repo to the chart's https:// repository, or use an oci:// chart reference.",
    types: ["kubernetes:helm.sh/v3:Release", "kubernetes:helm.sh/v4:Chart"],
    check: ({ props, report }) => {
        const repo = props.repositoryOpts?.repo;
        const chart = String(props.chart ?? "");
        if (repo !== undefined) {
            if (!SECURE.test(repo)) report(`Chart repository ${repo} is not https:// or oci://.`);
        } else if (!SECURE.test(chart)) {
            report(`Chart ${chart} has no repository: use repositoryOpts.repo or an oci:// reference.`);
        }
    },
});
