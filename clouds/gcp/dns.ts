/**
 * The stack's public Cloud DNS zone for `platform.domain`, and Workload Identity service accounts
 * that may change records in that zone (cert-manager's DNS-01 TXT records, external-dns's records).
 */
import * as pulumi from "@pulumi/pulumi";
import type { Cluster } from "@pulumi/gcp/container";
import { DnsManagedZoneIamMember, ManagedZone } from "@pulumi/gcp/dns";
import { IAMMember as ProjectIAMMember } from "@pulumi/gcp/projects";
import type { DnsIdentityRequest, IdentityBinding, PublicDnsFacts } from "../../components/foundation";
import { GcpComponent, labels, type GcpContext } from "./context";
import { bindingAfter, googleServiceAccountFor } from "./identity";
import { boundedName } from "./names";

export class PublicDns extends GcpComponent {
    readonly zone: ManagedZone;
    readonly facts: PublicDnsFacts;
    private readonly cluster: Cluster;

    constructor(name: string, ctx: GcpContext, args: { domain: string; cluster: Cluster }, opts: pulumi.ComponentResourceOptions) {
        super("PublicDns", name, ctx, opts);
        this.cluster = args.cluster;
        this.zone = new ManagedZone(
            name,
            {
                project: ctx.project,
                name: boundedName([ctx.name, "public"], 63),
                dnsName: `${args.domain}.`,
                description: `ML platform ${ctx.name}: gateway records and ACME challenges`,
                visibility: "public",
                dnssecConfig: { state: "on" },
                forceDestroy: false,
                labels: labels(ctx),
            },
            // The Cloud DNS API is among the project APIs every child waits for.
            this.stateful(),
        );
        this.facts = { provider: "cloudDns", zoneName: args.domain, project: ctx.project, managedZone: this.zone.name, nameServers: this.zone.nameServers };
        this.registerOutputs({ zone: this.zone.name, nameServers: this.zone.nameServers });
    }

    /**
     * roles/dns.admin on the zone only; roles/dns.reader on the project, because both clients list
     * the project's zones to find this one.
     */
    bind(request: DnsIdentityRequest): IdentityBinding {
        const { name, account, impersonation } = googleServiceAccountFor(
            this.ctx,
            request,
            `Workload Identity for ${request.namespace}/${request.serviceAccount}: records in the public zone`,
            this.cluster,
            (extra) => this.child(extra),
        );
        const records = new DnsManagedZoneIamMember(name, { project: this.ctx.project, managedZone: this.zone.name, role: "roles/dns.admin", member: account.member }, this.child());
        const list = new ProjectIAMMember(`${name}-dns-reader`, { project: this.ctx.project, role: "roles/dns.reader", member: account.member }, this.child());
        return bindingAfter(account, [impersonation, records, list]);
    }
}
