/**
 * The project's Binary Authorization policy, which the cluster's PROJECT_SINGLETON_POLICY_ENFORCE
 * evaluates. Without a managed policy GKE would "enforce" the project's default (allow everything).
 * Google-maintained system images are trusted globally; other images must match the allow-list,
 * and anything else is denied (enforce) or only audit-logged (dryRun, the default, so a new chart
 * image shows up in Cloud Audit Logs before the policy is switched to enforce).
 */
import * as pulumi from "@pulumi/pulumi";
import { Policy } from "@pulumi/gcp/binaryauthorization";
import { GcpComponent, type GcpContext } from "./context";

export const ENFORCEMENT_MODES = { dryRun: "DRYRUN_AUDIT_LOG_ONLY", enforce: "ENFORCED_BLOCK_AND_AUDIT_LOG" } as const;

export class BinaryAuthorizationPolicy extends GcpComponent {
    readonly policy: Policy;

    constructor(name: string, ctx: GcpContext, opts: pulumi.ComponentResourceOptions) {
        super("BinaryAuthorizationPolicy", name, ctx, opts);
        const config = ctx.spec.gcp.binaryAuthorization;
        // The platform's own Artifact Registry repositories in its region.
        const ownImages = `${ctx.region}-docker.pkg.dev/${ctx.project}/*`;
        this.policy = new Policy(
            name,
            {
                project: ctx.project,
                description: `${ctx.name}: platform registries only`,
                globalPolicyEvaluationMode: "ENABLE",
                admissionWhitelistPatterns: [...config.allowedImages, ownImages].map((namePattern) => ({ namePattern })),
                defaultAdmissionRule: { evaluationMode: "ALWAYS_DENY", enforcementMode: ENFORCEMENT_MODES[config.enforcement] },
            },
            this.child(),
        );
        this.registerOutputs({ policy: this.policy.id });
    }
}
