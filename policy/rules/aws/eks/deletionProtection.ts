import { resourceRule } from "../../../lib/rule";
import { platform } from "../../../lib/references";

export default resourceRule({
    name: "aws-eks-deletion-protection",
    description: "Production EKS clusters have deletion protection.",
    category: "availability",
    severity: "medium",
    environmentAware: true,
    references: [platform("production-protection")],
    remediationSteps: "Set deletionProtection: true on the cluster in production.",
    types: ["aws:eks/cluster:Cluster"],
    check: ({ props, environment, report }) => {
        if (environment === "production" && props.deletionProtection !== true) {
            report("The production EKS cluster has no deletion protection.");
        }
    },
});
