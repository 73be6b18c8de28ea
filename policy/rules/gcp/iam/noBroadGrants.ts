import { resourceRule } from "../../../lib/rule";
import { asArray } from "../../../lib/values";
import { checkov, cisGcp } from "../../../lib/references";

const HIERARCHY_GRANTS = [
    "gcp:projects/iAMMember:IAMMember",
    "gcp:projects/iAMBinding:IAMBinding",
    "gcp:folder/iAMMember:IAMMember",
    "gcp:folder/iAMBinding:IAMBinding",
    "gcp:organizations/iAMMember:IAMMember",
    "gcp:organizations/iAMBinding:IAMBinding",
];

/**
 * Roles that, granted on a project, folder or organization, reach every bucket, key or secret in it
 * (or let the member act as any service account). The platform grants these on the resource itself.
 */
const BROAD = [/^roles\/(owner|editor)$/, /^roles\/storage\./, /^roles\/cloudkms\./, /^roles\/secretmanager\./, /^roles\/iam\.(serviceAccountUser|serviceAccountTokenCreator|workloadIdentityUser|serviceAccountAdmin|securityAdmin)$/];

export default resourceRule({
    name: "gcp-iam-no-broad-grants",
    description: "No project, folder or organization IAM grant gives a basic role (owner, editor), a storage, KMS or Secret Manager role, or service-account impersonation: those are granted on the bucket, key, secret or service account itself.",
    category: "security",
    severity: "critical",
    references: [cisGcp("1.5"), cisGcp("1.6"), checkov("CKV_GCP_41"), checkov("CKV_GCP_49")],
    remediationSteps: "Grant the role with gcp.storage.BucketIAMMember, gcp.kms.CryptoKeyIAMMember, gcp.secretmanager.SecretIamMember or gcp.serviceaccount.IAMMember on the platform's own resource.",
    types: HIERARCHY_GRANTS,
    check: ({ props, report }) => {
        const role = String(props.role ?? "");
        if (!BROAD.some((re) => re.test(role))) return;
        const members = [props.member, ...asArray(props.members)].filter((m) => m !== undefined);
        report(`${role} is granted to ${members.join(", ") || "?"} on the whole ${props.project ? `project ${props.project}` : props.folder ? `folder ${props.folder}` : "organization"}.`);
    },
});
