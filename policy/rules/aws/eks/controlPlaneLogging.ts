import { resourceRule } from "../../../lib/rule";
import { asArray, missing } from "../../../lib/values";
import { checkov, cisEks } from "../../../lib/references";

interface Config {
    requiredLogTypes: string[];
}

export default resourceRule<Config>({
    name: "aws-eks-control-plane-logging",
    description: "EKS sends the API, audit and authenticator control-plane logs to CloudWatch.",
    category: "security",
    severity: "medium",
    references: [cisEks("2.1.1"), checkov("CKV_AWS_37")],
    remediationSteps: "Add the missing types to enabledClusterLogTypes.",
    config: {
        requiredLogTypes: { type: "array", items: { type: "string" }, default: ["api", "audit", "authenticator"] },
    },
    types: ["aws:eks/cluster:Cluster"],
    check: ({ props, config, report }) => {
        const absent = missing(config.requiredLogTypes, asArray<string>(props.enabledClusterLogTypes));
        if (absent.length > 0) report(`Control-plane log types not enabled: ${absent.join(", ")}.`);
    },
});
