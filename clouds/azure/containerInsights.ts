/**
 * Container Insights with managed-identity authentication (the omsagent add-on's useAADAuth): the
 * agent collects nothing until a data collection rule for the ContainerInsights extension exists
 * and is associated with the cluster. The Azure CLI creates both when it enables monitoring; ARM,
 * and so this program, must declare them.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ManagedCluster } from "@pulumi/azure-native/containerservice";
import { DataCollectionRule, DataCollectionRuleAssociation } from "@pulumi/azure-native/monitor";
import type { Workspace } from "@pulumi/azure-native/operationalinsights";
import { placement, tags, type AzureContext } from "./context";

export const CONTAINER_INSIGHTS_STREAM = "Microsoft-ContainerInsights-Group-Default";
const DESTINATION = "ciworkspace";

export function containerInsights(
    ctx: AzureContext,
    name: string,
    args: { cluster: ManagedCluster; workspace: Workspace },
    opts: pulumi.CustomResourceOptions,
): DataCollectionRuleAssociation {
    const rule = new DataCollectionRule(
        `${name}-container-insights`,
        {
            ...placement(ctx),
            kind: "Linux",
            dataSources: {
                extensions: [
                    {
                        name: "ContainerInsightsExtension",
                        extensionName: "ContainerInsights",
                        streams: [CONTAINER_INSIGHTS_STREAM],
                        extensionSettings: { dataCollectionSettings: { interval: "1m", namespaceFilteringMode: "Off", enableContainerLogV2: true } },
                    },
                ],
            },
            destinations: { logAnalytics: [{ name: DESTINATION, workspaceResourceId: args.workspace.id }] },
            dataFlows: [{ streams: [CONTAINER_INSIGHTS_STREAM], destinations: [DESTINATION] }],
            tags: tags(ctx),
        },
        opts,
    );
    return new DataCollectionRuleAssociation(
        `${name}-container-insights`,
        {
            associationName: "ContainerInsightsExtension",
            resourceUri: args.cluster.id,
            dataCollectionRuleId: rule.id,
            description: "Container Insights collection for this cluster",
        },
        opts,
    );
}
