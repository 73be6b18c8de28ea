import { resourceRule } from "../../../lib/rule";
import { platform } from "../../../lib/references";

/** The provider defaults deletionProtection to true; only an explicit false is a violation. */
export default resourceRule({
    name: "gcp-gke-deletion-protection",
    description: "Production GKE clusters keep deletion protection.",
    category: "availability",
    severity: "medium",
    environmentAware: true,
    references: [platform("production-protection")],
    remediationSteps: "Remove deletionProtection: false from the production cluster.",
    types: ["gcp:container/cluster:Cluster"],
    check: ({ props, environment, report }) => {
        if (environment === "production" && props.deletionProtection === false) report("The production GKE cluster has deletion protection off.");
    },
});
