import type { PolicyResource } from "@pulumi/policy";
import { stackRule } from "../../../lib/rule";
import { known } from "../../../lib/unknown";
import { asArray } from "../../../lib/values";
import { checkov } from "../../../lib/references";

/** Resource-level grants, the property naming the resource, and the types that create such a resource. */
const GRANTS: Record<string, { property: string; owned: string[] }> = {
    "gcp:storage/bucketIAMMember:BucketIAMMember": { property: "bucket", owned: ["gcp:storage/bucket:Bucket"] },
    "gcp:storage/bucketIAMBinding:BucketIAMBinding": { property: "bucket", owned: ["gcp:storage/bucket:Bucket"] },
    "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember": { property: "cryptoKeyId", owned: ["gcp:kms/cryptoKey:CryptoKey"] },
    "gcp:kms/cryptoKeyIAMBinding:CryptoKeyIAMBinding": { property: "cryptoKeyId", owned: ["gcp:kms/cryptoKey:CryptoKey"] },
    "gcp:secretmanager/secretIamMember:SecretIamMember": { property: "secretId", owned: ["gcp:secretmanager/secret:Secret"] },
    "gcp:secretmanager/secretIamBinding:SecretIamBinding": { property: "secretId", owned: ["gcp:secretmanager/secret:Secret"] },
    "gcp:serviceaccount/iAMMember:IAMMember": { property: "serviceAccountId", owned: ["gcp:serviceaccount/account:Account"] },
    "gcp:serviceaccount/iAMBinding:IAMBinding": { property: "serviceAccountId", owned: ["gcp:serviceaccount/account:Account"] },
};

const SA_GRANTS = ["gcp:serviceaccount/iAMMember:IAMMember", "gcp:serviceaccount/iAMBinding:IAMBinding"];

/** Workload Identity members name one Kubernetes service account: "serviceAccount:<pool>[<namespace>/<name>]". */
const ONE_KSA = /^serviceAccount:[a-z0-9.-]+\.svc\.id\.goog\[[a-z0-9-]+\/[a-z0-9-]+\]$/;

function members(r: PolicyResource): string[] {
    return [known(() => r.props.member), ...asArray(known(() => r.props.members))].filter((m): m is string => typeof m === "string");
}

export default stackRule({
    name: "gcp-iam-workload-scoped",
    description: "Bucket, key, secret and service-account grants name resources this stack creates, and Workload Identity grants name one Kubernetes service account, never a whole pool or namespace.",
    category: "security",
    severity: "high",
    references: [checkov("CKV_GCP_49")],
    remediationSteps: "Pass the platform resource (bucket.name, key.id, secret.id, account.name) to the grant; bind roles/iam.workloadIdentityUser to serviceAccount:<project>.svc.id.goog[<namespace>/<name>].",
    types: [...Object.keys(GRANTS), ...new Set(Object.values(GRANTS).flatMap((g) => g.owned))],
    check: (args, { report }) => {
        for (const grant of args.resources.filter((r) => GRANTS[r.type])) {
            const { property, owned } = GRANTS[grant.type];
            const fromStack = (grant.propertyDependencies[property] ?? []).some((d) => owned.includes(d.type));
            if (!fromStack) report(`${grant.name}: ${property} ${known(() => grant.props[property]) ?? "?"} is not a resource this stack creates.`, grant.urn);
            if (SA_GRANTS.includes(grant.type) && known(() => grant.props.role) === "roles/iam.workloadIdentityUser") {
                for (const m of members(grant).filter((m) => !ONE_KSA.test(m))) report(`${grant.name}: Workload Identity member ${m} is not one Kubernetes service account.`, grant.urn);
            }
        }
    },
});
