import { resourceRule } from "../../../lib/rule";
import { hasWildcardPrincipal, isAllow, statements, type Statement } from "../../../lib/iam";
import { asArray } from "../../../lib/values";
import { checkov } from "../../../lib/references";

/** Without a `:sub` condition any service account in the cluster could assume an IRSA role. */
function isUnscopedWebIdentity(s: Statement): boolean {
    if (!asArray(s.Action).includes("sts:AssumeRoleWithWebIdentity")) return false;
    const conditions = Object.values(s.Condition ?? {}).flatMap((c) => Object.keys((c ?? {}) as object));
    return !conditions.some((k) => k.endsWith(":sub"));
}

export default resourceRule({
    name: "aws-iam-role-trust-scoped",
    description: "IAM role trust policies name their principals; web-identity (IRSA) trusts pin the service account.",
    category: "security",
    severity: "high",
    references: [checkov("CKV_AWS_60"), checkov("CKV_AWS_358")],
    remediationSteps: "Replace Principal \"*\" with the account, service or OIDC provider, and add a StringEquals condition on <issuer>:sub for web identities.",
    types: ["aws:iam/role:Role"],
    check: ({ props, report }) => {
        for (const s of statements(props.assumeRolePolicy).filter(isAllow)) {
            if (hasWildcardPrincipal(s) && !s.Condition) report("The role can be assumed by any principal.");
            if (isUnscopedWebIdentity(s)) report("A web-identity trust has no :sub condition: every service account of the issuer can assume the role.");
        }
    },
});
