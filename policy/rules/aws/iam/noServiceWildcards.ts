import { resourceRule } from "../../../lib/rule";
import { coversAllResources, isAllow, serviceWideActions, statements } from "../../../lib/iam";
import { checkov, cisAws } from "../../../lib/references";

const POLICIES = ["aws:iam/policy:Policy", "aws:iam/rolePolicy:RolePolicy", "aws:iam/userPolicy:UserPolicy", "aws:iam/groupPolicy:GroupPolicy"];
const ATTACHMENTS = [
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    "aws:iam/userPolicyAttachment:UserPolicyAttachment",
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
    "aws:iam/policyAttachment:PolicyAttachment",
];

/** AWS managed policies that grant a whole service (or everything) on every resource. */
const BROAD_MANAGED = /^arn:aws[a-z-]*:iam::aws:policy\/(AdministratorAccess|PowerUserAccess|IAMFullAccess|[A-Za-z0-9]+FullAccess)$/;

/** KMS key policies are excluded: their "kms:*" for the account root is the documented default. */
export default resourceRule({
    name: "aws-iam-no-service-wildcards",
    description: "No IAM policy allows a service-wide action (s3:*, kms:*, *) on all resources, and no role, user or group gets an AWS managed *FullAccess or administrator policy.",
    category: "security",
    severity: "critical",
    references: [cisAws("1.16"), checkov("CKV_AWS_289"), checkov("CKV_AWS_290")],
    remediationSteps: "List the actions the workload calls and the ARNs of the platform's own bucket, key or secret; attach a customer policy instead of *FullAccess.",
    types: [...POLICIES, ...ATTACHMENTS],
    check: ({ type, props, report }) => {
        if (ATTACHMENTS.includes(type)) {
            const arn = String(props.policyArn ?? "");
            if (BROAD_MANAGED.test(arn)) report(`Attaches ${arn.split("/").pop()}, which grants a whole service on every resource.`);
            return;
        }
        for (const s of statements(props.policy).filter(isAllow)) {
            const wide = serviceWideActions(s);
            if (wide.length > 0 && coversAllResources(s)) report(`A statement allows ${wide.join(", ")} on every resource.`);
        }
    },
});
