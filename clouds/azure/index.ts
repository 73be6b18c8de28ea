import type * as pulumi from "@pulumi/pulumi";
import type { Provider } from "@pulumi/azure-native/provider";
import type { AzurePlatformSpec } from "../../components/config";
import type { Foundation } from "../../components/foundation";

// Placeholder until the azure foundation lands (its own issue); planning --cloud azure fails clearly.
export function createAzureFoundation(_spec: AzurePlatformSpec, _opts: { parent: pulumi.Resource; provider?: Provider }): Foundation {
    throw new Error("the azure foundation is not implemented yet");
}
