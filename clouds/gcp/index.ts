import type * as pulumi from "@pulumi/pulumi";
import type { Provider } from "@pulumi/gcp/provider";
import type { GcpPlatformSpec } from "../../components/config";
import type { Foundation } from "../../components/foundation";

// Placeholder until the gcp foundation lands (its own issue); planning --cloud gcp fails clearly.
export function createGcpFoundation(_spec: GcpPlatformSpec, _opts: { parent: pulumi.Resource; provider?: Provider }): Foundation {
    throw new Error("the gcp foundation is not implemented yet");
}
