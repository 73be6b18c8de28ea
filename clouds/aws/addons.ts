import { EKS_ADDON_VERSIONS, type EksAddonName } from "../../components/config/clouds/aws";
import type { AwsPlatformSpec } from "../../components/config";

/** The schema guarantees one of the two exists. */
export function addonVersions(spec: AwsPlatformSpec): Readonly<Record<EksAddonName, string>> {
    return spec.aws.addonVersions ?? EKS_ADDON_VERSIONS[spec.kubernetesVersion];
}
