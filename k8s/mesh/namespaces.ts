/** The mesh's namespaces: the control plane's and the ingress gateway's. */
import type { NamespaceDeclaration } from "../component";
import { prometheusScrape } from "../monitoring/flows";
import { API_SERVER, outside, webhook } from "../networkPolicyBuilder";
import { ISTIO_NAMESPACE } from "./values";

export const ISTIO_SYSTEM: NamespaceDeclaration = {
    key: "istioSystem",
    name: ISTIO_NAMESPACE,
    podSecurity: "privileged",
    podSecurityException:
        "The istio-cni node DaemonSet writes the node's CNI configuration through hostPath volumes and runs privileged; PSA admits it only in a privileged namespace. istiod itself is restricted-safe.",
    mesh: "disabled",
    accepts: [{ name: "xds", peers: [{ anyNamespace: true }], ports: [15010, 15012] }, webhook(15017), prometheusScrape(15014)],
    // The API server, and JWKS documents for RequestAuthentication.
    egress: [API_SERVER, outside("jwks", 443)],
};

export const ISTIO_INGRESS: NamespaceDeclaration = {
    key: "istioIngress",
    name: "istio-ingress",
    podSecurity: "restricted",
    mesh: "podOptIn",
    // The load balancer forwards clients (and health checks) to the gateway pods' own ports.
    accepts: [{ name: "clients", peers: [{ clusterEdge: "load-balancer" }], ports: [80, 443, 15021] }],
    egress: [],
};

