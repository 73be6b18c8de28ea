/** Istio's API versions and identities, for the components that create Istio resources. */

export const ISTIO_SECURITY = "security.istio.io/v1";
export const ISTIO_NETWORKING = "networking.istio.io/v1";

/** SPIFFE-style principal of a service account, as AuthorizationPolicies name it. */
export function principal(namespace: string, serviceAccount: string): string {
    return `cluster.local/ns/${namespace}/sa/${serviceAccount}`;
}
