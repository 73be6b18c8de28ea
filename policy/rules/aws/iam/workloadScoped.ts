import type { PolicyResource } from "@pulumi/policy";
import { stackRule } from "../../../lib/rule";
import { isAllow, isWorkloadTrust, serviceOf, statements, type Statement } from "../../../lib/iam";
import { S3 } from "../../../lib/s3";
import { known } from "../../../lib/unknown";
import { asArray } from "../../../lib/values";
import { checkov } from "../../../lib/references";

const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";

/** Data services whose resources the platform owns, and the types that create them. */
const OWNED: Record<string, readonly string[]> = {
    s3: S3.bucket,
    kms: ["aws:kms/key:Key"],
    secretsmanager: ["aws:secretsmanager/secret:Secret"],
    ssm: ["aws:ssm/parameter:Parameter"],
};

function roleOf(policy: PolicyResource, roles: readonly PolicyResource[]): PolicyResource | undefined {
    const linked = (policy.propertyDependencies.role ?? []).find((d) => d.type === ROLE);
    if (linked) return roles.find((r) => r.urn === linked.urn);
    const name = known(() => policy.props.role);
    return roles.find((r) => known(() => r.props.name) === name && name !== undefined);
}

/** A concrete ARN may end in "/*" (objects of one bucket) or "-*" (a secret's random suffix); any other wildcard widens it. */
function hasWildcard(arn: string): boolean {
    return /[*?]/.test(arn.replace(/\/\*$/, "").replace(/-(\*|\?{6})$/, ""));
}

/** How a stack bucket's name reads in an ARN: its `bucket`, else its prefix; autonamed buckets are "<resource name>-<suffix>". */
type BucketName = { exact: string } | { prefix: string };

function bucketNameOf(bucket: PolicyResource): BucketName | undefined {
    const exact = known(() => bucket.props.bucket);
    if (typeof exact === "string") return { exact };
    const prefix = known(() => bucket.props.bucketPrefix);
    if (prefix === undefined) return { prefix: `${bucket.name}-` };
    return typeof prefix === "string" ? { prefix } : undefined;
}

/** S3 ARNs name their bucket: compare with the stack's own buckets (when every name can be read). */
function foreignBucket(arn: string, names: readonly BucketName[] | undefined): boolean {
    const name = /^arn:aws[a-z-]*:s3:::([^/]+)/.exec(arn)?.[1];
    if (name === undefined || names === undefined) return false;
    return !names.some((n) => ("exact" in n ? n.exact === name : name.startsWith(n.prefix)));
}

function problems(s: Statement & { NotResource?: unknown }, dependsOn: readonly PolicyResource[], bucketNames: readonly BucketName[] | undefined): string[] {
    const services = [...new Set(asArray<string>(s.Action).map(serviceOf))].filter((svc) => OWNED[svc]);
    const found: string[] = [];
    for (const svc of services) {
        const arns = asArray<string>(s.Resource);
        if (s.NotResource !== undefined || arns.includes("*")) {
            found.push(`${svc} actions on every resource`);
            continue;
        }
        for (const arn of arns) if (hasWildcard(arn)) found.push(`${svc} actions on the wildcard ${arn}`);
        if (svc === "s3") for (const arn of arns) if (foreignBucket(arn, bucketNames)) found.push(`s3 actions on ${arn}, not one of the platform's buckets`);
        if (!dependsOn.some((d) => OWNED[svc].includes(d.type))) found.push(`${svc} actions on resources this stack does not create`);
    }
    return found;
}

/** A pod's cloud identity reaches only what the platform created for it. */
export default stackRule({
    name: "aws-iam-workload-scoped",
    description: "Policies of workload identities (IRSA and Pod Identity roles) grant S3, KMS, Secrets Manager and SSM actions only on the platform's own buckets, keys, secrets and parameters, named by ARN without wildcards.",
    category: "security",
    severity: "high",
    references: [checkov("CKV_AWS_355"), checkov("CKV_AWS_290")],
    remediationSteps: "Build the statement's Resource from the platform resource's ARN (bucket.arn and `${bucket.arn}/*`, key.arn, secret.arn), never \"*\" or a pattern.",
    types: [ROLE, ROLE_POLICY, ...Object.values(OWNED).flat()],
    check: (args, { report }) => {
        const roles = args.resources.filter((r) => r.type === ROLE);
        const buckets = args.resources.filter((r) => S3.bucket.includes(r.type as (typeof S3.bucket)[number]));
        const names = buckets.map(bucketNameOf);
        const bucketNames = names.every((n): n is BucketName => n !== undefined) ? names : undefined;
        for (const policy of args.resources.filter((r) => r.type === ROLE_POLICY)) {
            const role = roleOf(policy, roles);
            if (!role || !isWorkloadTrust(known(() => role.props.assumeRolePolicy))) continue;
            const dependsOn = policy.propertyDependencies.policy ?? [];
            const found = statements(known(() => policy.props.policy)).filter(isAllow).flatMap((s) => problems(s, dependsOn, bucketNames));
            for (const f of new Set(found)) report(`${policy.name}: ${f}.`, policy.urn);
        }
    },
});
