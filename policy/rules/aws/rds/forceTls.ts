import { resourceRule } from "../../../lib/rule";
import { asArray } from "../../../lib/values";
import { checkov } from "../../../lib/references";

/** PostgreSQL parameter groups must refuse plaintext connections. */
export default resourceRule({
    name: "aws-rds-postgres-force-tls",
    description: "PostgreSQL parameter groups set rds.force_ssl=1.",
    category: "security",
    severity: "high",
    references: [checkov("CKV2_AWS_69")],
    remediationSteps: "Add { name: \"rds.force_ssl\", value: \"1\" } to the parameter group's parameters.",
    types: ["aws:rds/parameterGroup:ParameterGroup", "aws:rds/clusterParameterGroup:ClusterParameterGroup"],
    check: ({ props, report }) => {
        if (!String(props.family ?? "").includes("postgres")) return;
        const forced = asArray<{ name?: string; value?: unknown }>(props.parameters).some((p) => p.name === "rds.force_ssl" && String(p.value) === "1");
        if (!forced) report("rds.force_ssl is not 1: clients may connect without TLS.");
    },
});
