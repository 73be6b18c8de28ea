import { resourceRule } from "../../../lib/rule";
import { asArray } from "../../../lib/values";
import { checkov } from "../../../lib/references";

export default resourceRule({
    name: "aws-eks-node-group-no-open-ssh",
    description: "EKS node groups do not allow SSH from anywhere.",
    category: "security",
    severity: "high",
    references: [checkov("CKV_AWS_100")],
    remediationSteps: "Remove remoteAccess (use SSM Session Manager), or restrict it with remoteAccess.sourceSecurityGroupIds.",
    types: ["aws:eks/nodeGroup:NodeGroup"],
    check: ({ props, report }) => {
        const remote = props.remoteAccess;
        if (remote && asArray(remote.sourceSecurityGroupIds).length === 0) {
            report("remoteAccess without sourceSecurityGroupIds opens SSH on the nodes to 0.0.0.0/0.");
        }
    },
});
