/**
 * The stack's public Route 53 zone for `platform.domain`, and IRSA roles that may change records in
 * that zone only (cert-manager's DNS-01 TXT records, external-dns's gateway records).
 */
import * as pulumi from "@pulumi/pulumi";
import { Zone } from "@pulumi/aws/route53";
import type { DnsIdentityRequest, IdentityBinding, PublicDnsFacts } from "../../components/foundation";
import { AwsComponent, tags, type AwsContext } from "./context";
import type { WorkloadIdentity } from "./identity";

export class PublicDns extends AwsComponent {
    readonly zone: Zone;
    readonly facts: PublicDnsFacts;

    private readonly identity: WorkloadIdentity;

    constructor(name: string, ctx: AwsContext, args: { domain: string; identity: WorkloadIdentity }, opts: pulumi.ComponentResourceOptions) {
        super("PublicDns", name, ctx, opts);
        this.identity = args.identity;
        // Deleting the zone breaks the parent's delegation: protected like any stateful resource.
        this.zone = new Zone(
            name,
            { name: args.domain, comment: `ML platform ${ctx.name}: gateway records and ACME challenges`, forceDestroy: false, tags: tags(ctx) },
            this.stateful(),
        );
        this.facts = { provider: "route53", zoneName: args.domain, zoneId: this.zone.zoneId, nameServers: this.zone.nameServers };
        this.registerOutputs({ zoneId: this.zone.zoneId, nameServers: this.zone.nameServers });
    }

    /** Actions cert-manager's route53 solver and external-dns's aws provider document, on this zone only. */
    bind(request: DnsIdentityRequest): IdentityBinding {
        const zoneArn = pulumi.interpolate`arn:${this.ctx.partition}:route53:::hostedzone/${this.zone.zoneId}`;
        const policy = pulumi.jsonStringify({
            Version: "2012-10-17",
            Statement: [
                { Effect: "Allow", Action: ["route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets", "route53:ListTagsForResource"], Resource: zoneArn },
                { Effect: "Allow", Action: ["route53:GetChange"], Resource: pulumi.interpolate`arn:${this.ctx.partition}:route53:::change/*` },
                { Effect: "Allow", Action: ["route53:ListHostedZones", "route53:ListHostedZonesByName", "route53:ListTagsForResources"], Resource: "*" },
            ],
        });
        return this.identity.bindPolicy(request.namespace, request.serviceAccount, policy);
    }
}
