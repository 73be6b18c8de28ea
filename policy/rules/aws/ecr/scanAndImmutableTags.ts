import { resourceRule } from "../../../lib/rule";
import { checkov, cisEks } from "../../../lib/references";

export default resourceRule({
    name: "aws-ecr-scan-immutable",
    description: "ECR repositories scan images on push and do not allow tags to be overwritten. Guards team-deployed resources: the repositories teams create for their model images (the platform creates none).",
    guards: "team-deployed",
    category: "security",
    severity: "medium",
    enforcementLevel: "advisory",
    references: [cisEks("5.1.1"), checkov("CKV_AWS_163"), checkov("CKV_AWS_51")],
    remediationSteps: "Set imageScanningConfiguration.scanOnPush: true and imageTagMutability: \"IMMUTABLE\".",
    types: ["aws:ecr/repository:Repository"],
    check: ({ props, report }) => {
        if (props.imageScanningConfiguration?.scanOnPush !== true) report("Images are not scanned on push.");
        if (props.imageTagMutability !== "IMMUTABLE") report("Image tags are mutable.");
    },
});
