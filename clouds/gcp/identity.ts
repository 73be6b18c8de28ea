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
        const { namespace, serviceAccount, access } = request;
        const name = `${this.ctx.name}-${namespace}-${serviceAccount}`;
        const account = new Account(
            name,
            {
                project: this.ctx.project,
                accountId: serviceAccountId([this.ctx.spec.stack, namespace, serviceAccount]),
                displayName: `${namespace}/${serviceAccount} in ${this.ctx.name}`,
                description: `Workload Identity for the Kubernetes service account ${namespace}/${serviceAccount}`,
            },
            this.child(),
        );
        const kubernetesMember = `serviceAccount:${this.ctx.project}.svc.id.goog[${namespace}/${serviceAccount}]`;
        const impersonation = new ServiceAccountIAMMember(
            name,
            { serviceAccountId: account.name, role: "roles/iam.workloadIdentityUser", member: kubernetesMember },
            this.child({ dependsOn: [this.args.cluster] }),
        );
        const bucketAccess = new BucketIAMMember(
            name,
            { bucket: this.args.bucket.name, role: BUCKET_ROLES[access], member: account.member },
            this.child(),
        );
        // The annotation resolves once the grants exist, so pods never start without their permissions.
        const email = pulumi.all([account.email, impersonation.id, bucketAccess.id]).apply(([e]) => e);
        return {
            serviceAccountAnnotations: email.apply((e): Record<string, string> => ({ "iam.gke.io/gcp-service-account": e })),
            podLabels: {},
        };
    }
}
