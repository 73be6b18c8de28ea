/**
 * The component contract. A platform component is one folder, k8s/<component>/, whose index.ts
 * exports one `PlatformComponent`: what it declares (its namespaces, the flows they accept, their
 * egress to outside the cluster, alert rules, dashboards) and how it installs. The layer
 * (./layer.ts) turns the declarations of every component into Namespaces, NetworkPolicies and one
 * PrometheusRule; a component never edits a shared table.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { AlertGroup } from "./alertRules";
import type { K8sContext } from "./context";
import type { Dashboard } from "./dashboards";

export type PodSecurityLevel = "restricted" | "baseline" | "privileged";

/**
 * injected: every pod gets a sidecar (native sidecars + istio-cni, so `restricted` still holds).
 * podOptIn: only pods labelled sidecar.istio.io/inject=true.
 * disabled: never; for webhooks and API services the API server must reach without mTLS.
 */
export type MeshMode = "injected" | "podOptIn" | "disabled";

/**
 * Who is on the other side of a flow. `namespace` is a key of a namespace some component declares;
 * the builder resolves it to the Kubernetes name.
 */
export type Peer =
    | { namespace: string; podLabels?: Record<string, string> }
    /** Any pod in any namespace. */
    | { anyNamespace: true }
    /**
     * The cluster's own edge: the API server calling webhooks and aggregated APIs (from its ENIs on
     * EKS, through konnectivity-agent pods on GKE and AKS), kubelets and host-network pods on the
     * nodes, and load-balancer clients (often SNATed to a node address). No selector or ipBlock
     * matches all of these on every engine (on Cilium an ipBlock never matches a pod or node), so a
     * rule with this peer names only ports: the form that every engine admits from anywhere.
     */
    | { clusterEdge: "control-plane" | "nodes" | "load-balancer" }
    /** Addresses outside the cluster (managed database and cache, object store, cloud APIs). Ports keep these narrow. */
    | { outsideCluster: true }
    /** One address range outside the pod and node networks (e.g. a link-local metadata server). */
    | { cidr: string };

/** One rule of a NetworkPolicy: its purpose (listed in the policy's ml-platform/flows annotation), peers and TCP ports (none: all). */
export interface FlowRule {
    name: string;
    peers: Peer[];
    ports: pulumi.Input<number>[];
}

/**
 * A flow a namespace accepts. When `from` names namespaces, the builder adds the matching egress
 * rule (named `callerRule`, default `name`) to each of them: a flow is declared once, where it is
 * accepted.
 */
export interface Accept extends FlowRule {
    callerRule?: string;
}

/**
 * A flow every meshed namespace (mesh mode other than `disabled`) accepts or makes, declared by the
 * component that serves or collects it (the mesh's control plane, the metrics scraper).
 */
export interface MeshedFlows {
    /** Added to every meshed namespace's ingress, after its own accepts. */
    accept?: FlowRule[];
    /** Added first to every meshed namespace's egress, unless that namespace already reaches every pod on every port. */
    egress?: FlowRule[];
}

export interface NamespaceDeclaration {
    /** How flows and `ctx.ns` refer to it (unique in the layer). */
    key: string;
    /** The Kubernetes name. */
    name: string;
    podSecurity: PodSecurityLevel;
    mesh: MeshMode;
    /** Why, when podSecurity is not `restricted`. */
    podSecurityException?: string;
    /** Flows into the namespace (webhooks, metrics, callers), in the order the policy lists them. */
    accepts: Accept[];
    /**
     * Egress that no accept derives: the API server, outside the cluster, the nodes, any namespace.
     * A function when ports come from the Foundation (the managed database's).
     */
    egress: FlowRule[] | ((ctx: K8sContext) => FlowRule[]);
    /** Pods use the cloud's workload identity: egress to its link-local endpoints (GKE's metadata server). */
    workloadIdentity?: boolean;
    /**
     * Holds teams' workloads rather than a chart's pods (Ray's clusters): the admission policies
     * enforce here as in a team's namespace, not only warn as in the platform's chart namespaces.
     */
    teamWorkloads?: boolean;
    /** The managed database's and cache's connection Secret and ConfigMap in this namespace. */
    connections?: ("database" | "cache")[];
}

/** Where the gathered alert rules and dashboards are created (the component that runs Prometheus and Grafana). */
export interface ObservabilitySink {
    parent: pulumi.Resource;
    /** Options for the PrometheusRule (e.g. after the operator's admission webhook). */
    rules: pulumi.CustomResourceOptions;
    /** Options for the dashboards' ConfigMaps. */
    dashboards: pulumi.CustomResourceOptions;
    /** The namespace, and extra labels the rule selector wants. */
    namespace: pulumi.Input<string>;
    ruleLabels: Record<string, string>;
}

export interface InstallArgs<D> {
    /** The layer's name (`<project>-<stack>`): the prefix of release resource names. */
    name: string;
    ctx: K8sContext;
    /** What the composition hands over from the components this one depends on. */
    deps: D;
    /** `{ parent }` for the component's ComponentResource. */
    opts: pulumi.ComponentResourceOptions;
}

export interface PlatformComponent<D = Record<string, never>, O = unknown> {
    /** The folder name. */
    name: string;
    namespaces: NamespaceDeclaration[];
    meshed?: MeshedFlows;
    /** Alert rule groups, gathered into the platform's PrometheusRule in composition order. */
    alerts?: AlertGroup[];
    dashboards?: Dashboard[];
    /**
     * Whether the stack turns it on (default: always). A disabled component installs nothing, but
     * its namespaces and their policies still exist, so switching it on or off never deletes a namespace.
     */
    enabled?(ctx: K8sContext): boolean;
    install(args: InstallArgs<D>): O;
}

/** Identity function that checks a component against the contract and keeps its types. */
export function component<D, O>(c: PlatformComponent<D, O>): PlatformComponent<D, O> {
    return c;
}
