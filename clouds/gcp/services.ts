/**
 * The project APIs the platform uses, enabled by the program. They stay enabled when the stack is
 * destroyed: other workloads in the project may depend on them.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Provider } from "@pulumi/gcp/provider";
import { Service } from "@pulumi/gcp/projects";

export const REQUIRED_APIS = [
    "cloudresourcemanager.googleapis.com",
    "compute.googleapis.com",
    "container.googleapis.com",
    "sqladmin.googleapis.com",
    "redis.googleapis.com",
    "servicenetworking.googleapis.com",
    "cloudkms.googleapis.com",
    "iam.googleapis.com",
    // The GKE metadata server exchanges Kubernetes tokens for Google ones through this API.
    "iamcredentials.googleapis.com",
    "binaryauthorization.googleapis.com",
    "logging.googleapis.com",
    "monitoring.googleapis.com",
    "storage.googleapis.com",
    // Cloud DNS: the public zone of platform.publicDns (ACME DNS-01, external-dns).
    "dns.googleapis.com",
    // The artifacts' hourly copy to gcp.drRegion, and the stack's billing budget.
    "storagetransfer.googleapis.com",
    "billingbudgets.googleapis.com",
    // The platform's credentials, which External Secrets Operator syncs into the cluster.
    "secretmanager.googleapis.com",
] as const;

/** Built before the GcpContext exists, so it takes the provider directly. */
export class ProjectServices extends pulumi.ComponentResource {
    readonly services: Service[];

    constructor(name: string, args: { project: string; provider: Provider }, opts: pulumi.ComponentResourceOptions) {
        super("mlplatform:gcp:ProjectServices", name, {}, opts);
        this.services = REQUIRED_APIS.map(
            (api) =>
                new Service(
                    `${name}-${api.split(".")[0]}`,
                    { project: args.project, service: api, disableOnDestroy: false, disableDependentServices: false },
                    { parent: this, provider: args.provider },
                ),
        );
        this.registerOutputs({ services: this.services.map((s) => s.service) });
    }
}
