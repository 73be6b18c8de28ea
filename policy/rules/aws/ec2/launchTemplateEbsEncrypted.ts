import { resourceRule } from "../../../lib/rule";
import { asArray, isTrue } from "../../../lib/values";
import { awsFsbp, checkov, cisAws } from "../../../lib/references";

export default resourceRule({
    name: "aws-launch-template-ebs-encrypted",
    description: "Every EBS volume a launch template defines is encrypted.",
    category: "security",
    severity: "high",
    references: [cisAws("2.2.1"), checkov("CKV_AWS_8"), awsFsbp("EC2.7")],
    remediationSteps: "Set blockDeviceMappings[].ebs.encrypted to \"true\" (optionally with kmsKeyId).",
    types: ["aws:ec2/launchTemplate:LaunchTemplate"],
    check: ({ props, report }) => {
        for (const m of asArray<{ deviceName?: string; ebs?: { encrypted?: unknown } }>(props.blockDeviceMappings)) {
            if (m.ebs && !isTrue(m.ebs.encrypted)) report(`EBS volume ${m.deviceName ?? "?"} is not encrypted.`);
        }
    },
});

