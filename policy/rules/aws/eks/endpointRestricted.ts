import { resourceRule } from "../../../lib/rule";
import { isRestrictedCidrList } from "../../../lib/network";
import { asArray } from "../../../lib/values";
import { checkov, cisEks } from "../../../lib/references";

/** A public endpoint is acceptable only behind an allow-list; AWS's default list is 0.0.0.0/0. */
export default resourceRule({
    name: "aws-eks-endpoint-restricted",
    description: "The EKS API endpoint is private, or public only to an allow-list that excludes 0.0.0.0/0.",
    category: "security",
    severity: "high",
    references: [cisEks("5.4.2"), checkov("CKV_AWS_38"), checkov("CKV_AWS_39")],
    remediationSteps: "Set vpcConfig.endpointPublicAccess to false, or list the deployers' egress ranges in vpcConfig.publicAccessCidrs (never 0.0.0.0/0).",
    types: ["aws:eks/cluster:Cluster"],
    check: ({ props, report }) => {
        const vpc = props.vpcConfig ?? {};
        if (vpc.endpointPublicAccess === false) return;
        if (!isRestrictedCidrList(asArray(vpc.publicAccessCidrs))) {
            report("The EKS API endpoint is public to the whole internet: set publicAccessCidrs to specific ranges or disable public access.");
        }
    },
});
