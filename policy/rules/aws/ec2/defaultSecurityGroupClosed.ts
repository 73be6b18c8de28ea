import { resourceRule } from "../../../lib/rule";
import { asArray } from "../../../lib/values";
import { checkov, cisAws } from "../../../lib/references";

/** Adopting the VPC's default security group with no rules strips AWS's allow-all defaults. */
export default resourceRule({
    name: "aws-default-security-group-closed",
    description: "The VPC's default security group allows no traffic.",
    category: "security",
    severity: "medium",
    references: [cisAws("5.4"), checkov("CKV2_AWS_12")],
    remediationSteps: "Manage the default security group with aws.ec2.DefaultSecurityGroup and no ingress or egress rules.",
    types: ["aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"],
    check: ({ props, report }) => {
        const rules = asArray(props.ingress).length + asArray(props.egress).length;
        if (rules > 0) report(`The default security group has ${rules} rule(s); it must allow nothing.`);
    },
});
