/** The resource group that holds the whole foundation (AKS puts its nodes in its own MC_ group). */
import * as pulumi from "@pulumi/pulumi";
import type { Provider } from "@pulumi/azure-native/provider";
import { ResourceGroup } from "@pulumi/azure-native/resources";
import type { AzurePlatformSpec } from "../../components/config";

export class PlatformResourceGroup extends pulumi.ComponentResource {
    readonly resourceGroup: ResourceGroup;

    constructor(name: string, spec: AzurePlatformSpec, provider: Provider, opts: pulumi.ComponentResourceOptions) {
        super("mlplatform:azure:ResourceGroup", name, {}, opts);
        // Deleting the group deletes everything in it: protected like the stateful resources.
        this.resourceGroup = new ResourceGroup(
            name,
            { resourceGroupName: name, location: spec.azure.location, tags: { ...spec.tags } },
            { parent: this, provider, protect: spec.protect },
        );
        this.registerOutputs({ resourceGroupName: this.resourceGroup.name });
    }
}
