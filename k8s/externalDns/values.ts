/**
 * Values for external-dns 1.21 (kubernetes-sigs chart): publish the hosts of the platform's Istio
 * Gateway in the stack's public zone, as the bound workload identity, owning only its own records.
 */
import * as pulumi from "@pulumi/pulumi";
import type { IdentityBinding, PublicDnsZone } from "../../components/foundation";
import { RESTRICTED_CONTAINER_SECURITY, RESTRICTED_POD_SECURITY, resources, type Toleration } from "../securityContext";
import type { ChartRef } from "../helm";

export const EXTERNAL_DNS_CHARTS = {
    externalDns: { chart: "external-dns", version: "1.21.1", repo: "https://kubernetes-sigs.github.io/external-dns/" },
} as const satisfies Record<string, ChartRef>;

export const EXTERNAL_DNS_RELEASE = "external-dns";
export const EXTERNAL_DNS_SERVICE_ACCOUNT = "external-dns";

export interface ExternalDnsValuesArgs {
    zone: PublicDnsZone;
    /** TXT ownership marker: records without it are never touched. */
    ownerId: string;
    binding: IdentityBinding;
    tolerations: Toleration[];
}

/** The chart's provider name and the flags that pin external-dns to exactly this zone. */
function provider(zone: PublicDnsZone) {
    switch (zone.provider) {
        case "route53":
            return { name: "aws", extraArgs: { "aws-zone-type": "public", "zone-id-filter": zone.zoneId } };
        case "cloudDns":
            return { name: "google", extraArgs: { "google-project": zone.project, "google-zone-visibility": "public", "zone-id-filter": zone.managedZone } };
        case "azureDns":
            return {
                name: "azure",
                extraArgs: { "azure-resource-group": zone.resourceGroupName, "azure-subscription-id": zone.subscriptionId },
                // The azure provider reads /etc/kubernetes/azure.json; with workload identity it holds no secret.
                secretConfiguration: {
                    enabled: true,
                    mountPath: "/etc/kubernetes/",
                    data: {
                        "azure.json": pulumi.jsonStringify({
                            tenantId: zone.tenantId,
                            subscriptionId: zone.subscriptionId,
                            resourceGroup: zone.resourceGroupName,
                            useWorkloadIdentityExtension: true,
                        }),
                    },
                },
            };
    }
}

export function externalDnsValues(p: ExternalDnsValuesArgs) {
    const { name, extraArgs, ...rest } = provider(p.zone);
    return {
        provider: { name },
        // The Gateway's hosts, pointed at the address of the Service its selector picks.
        sources: ["istio-gateway"],
        // The zone belongs to this stack: remove records the platform no longer serves, but only
        // those marked with this owner ID.
        policy: "sync",
        registry: "txt",
        txtOwnerId: p.ownerId,
        domainFilters: [p.zone.zoneName],
        interval: "1m",
        extraArgs,
        ...rest,
        serviceAccount: { create: true, name: EXTERNAL_DNS_SERVICE_ACCOUNT, annotations: p.binding.serviceAccountAnnotations },
        podLabels: p.binding.podLabels,
        podSecurityContext: { ...RESTRICTED_POD_SECURITY, fsGroup: 65534 },
        securityContext: { ...RESTRICTED_CONTAINER_SECURITY, runAsUser: 65532, runAsGroup: 65532 },
        resources: resources("20m", "64Mi", { memory: "128Mi" }),
        tolerations: p.tolerations,
        serviceMonitor: { enabled: true, interval: "60s" },
    };
}
