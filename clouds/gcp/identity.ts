/**
 * Workload Identity on GKE: each Kubernetes service account that needs the artifact store acts
 * as its own Google service account, which holds one bucket role on that one bucket.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Cluster } from "@pulumi/gcp/container";
import { Account, IAMMember as ServiceAccountIAMMember } from "@pulumi/gcp/serviceaccount";
import { BucketIAMMember, type Bucket } from "@pulumi/gcp/storage";
import type { IdentityBinding, ObjectStoreAccess, WorkloadIdentityRequest } from "../../components/foundation";
import { GcpComponent, type GcpContext } from "./context";
import { serviceAccountId } from "./names";

export interface WorkloadIdentityArgs {
    /** The workload pool exists once the cluster does: bindings wait for it. */
    cluster: Cluster;
    bucket: Bucket;
}

export const BUCKET_ROLES: Record<ObjectStoreAccess, string> = {
    objectStoreReadWrite: "roles/storage.objectAdmin",
    objectStoreRead: "roles/storage.objectViewer",
};

/** storage.buckets.get (and objects.list) on the one bucket, for clients that read the bucket's metadata. */
export const BUCKET_METADATA_ROLE = "roles/storage.legacyBucketReader";

export class WorkloadIdentity extends GcpComponent {
    constructor(
        name: string,
        ctx: GcpContext,
        private readonly args: WorkloadIdentityArgs,
        opts: pulumi.ComponentResourceOptions,
    ) {
        super("WorkloadIdentity", name, ctx, opts);
        this.registerOutputs({});
    }

    bind(request: WorkloadIdentityRequest): IdentityBinding {
        const { name, account, impersonation } = googleServiceAccountFor(
            this.ctx,
            request,
            `Workload Identity for the Kubernetes service account ${request.namespace}/${request.serviceAccount}`,
            this.args.cluster,
            (extra) => this.child(extra),
        );
        const bucketAccess = new BucketIAMMember(
            name,
            { bucket: this.args.bucket.name, role: BUCKET_ROLES[request.access], member: account.member },
            this.child(),
        );
        const grants: pulumi.CustomResource[] = [impersonation, bucketAccess];
        if (request.access === "objectStoreReadWrite") {
            // objectAdmin has no storage.buckets.get, which writers such as Tempo's GCS backend call at start.
            grants.push(new BucketIAMMember(`${name}-bucket-metadata`, { bucket: this.args.bucket.name, role: BUCKET_METADATA_ROLE, member: account.member }, this.child()));
        }
        return bindingAfter(account, grants);
    }
}

/**
 * A Google service account that one Kubernetes service account may act as (Workload Identity),
 * and the grant that lets it. `child` gives the caller's parent and provider.
 */
export function googleServiceAccountFor(
    ctx: GcpContext,
    k8s: { namespace: string; serviceAccount: string },
    description: string,
    cluster: pulumi.Resource,
    child: (extra?: pulumi.CustomResourceOptions) => pulumi.CustomResourceOptions,
): { name: string; account: Account; impersonation: ServiceAccountIAMMember } {
    const { namespace, serviceAccount } = k8s;
    const name = `${ctx.name}-${namespace}-${serviceAccount}`;
    const account = new Account(
        name,
        {
            project: ctx.project,
            accountId: serviceAccountId([ctx.spec.stack, namespace, serviceAccount]),
            displayName: `${namespace}/${serviceAccount} in ${ctx.name}`,
            description,
        },
        child(),
    );
    const impersonation = new ServiceAccountIAMMember(
        name,
        { serviceAccountId: account.name, role: "roles/iam.workloadIdentityUser", member: `serviceAccount:${ctx.project}.svc.id.goog[${namespace}/${serviceAccount}]` },
        child({ dependsOn: [cluster] }),
    );
    return { name, account, impersonation };
}

/** The service account annotation, resolved once the grants exist, so pods never start without their permissions. */
export function bindingAfter(account: Account, grants: pulumi.CustomResource[]): IdentityBinding {
    const email = pulumi.all([account.email, ...grants.map((g) => g.id)]).apply(([e]) => e as string);
    return { serviceAccountAnnotations: email.apply((e): Record<string, string> => ({ "iam.gke.io/gcp-service-account": e })), podLabels: {} };
}
