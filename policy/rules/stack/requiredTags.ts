import { resourceRule } from "../../lib/rule";
import { tagPathOf, tagsAt, TAG_PATHS } from "../../lib/tags";
import { platform } from "../../lib/references";

interface Config {
    requiredTags: string[];
}

export default resourceRule<Config>({
    name: "required-tags",
    description: "Every taggable cloud resource carries the project, stack, environment, owner and cost-center tags (GCP: labels).",
    category: "governance",
    severity: "low",
    references: [platform("tagging")],
    remediationSteps: "Pass the stack's common tags (components/config) to the resource: `tags` on AWS and Azure, `labels` on GCP (`resourceLabels` on GKE, `settings.userLabels` on Cloud SQL).",
    config: {
        requiredTags: { type: "array", items: { type: "string" }, default: ["project", "stack", "environment", "owner", "cost-center"] },
    },
    types: Object.keys(TAG_PATHS),
    check: ({ type, props, config, report }) => {
        const path = tagPathOf(type)!;
        const tags = tagsAt(props, path);
        const absent = config.requiredTags.filter((k) => typeof tags[k] !== "string" || tags[k] === "");
        if (absent.length > 0) report(`Missing ${path} ${absent.join(", ")}.`);
    },
});
