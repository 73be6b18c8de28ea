import { resourceRule } from "../../lib/rule";
import { cisK8s } from "../../lib/references";

interface Config {
    /** "namespace/name" of Services allowed to be internet-facing load balancers (the ingress gateway). */
    publicLoadBalancers: string[];
}

/** Annotations that make each cloud's load balancer internal. */
const INTERNAL = [
    ["service.beta.kubernetes.io/aws-load-balancer-scheme", "internal"],
    ["service.beta.kubernetes.io/aws-load-balancer-internal", "true"],
    ["networking.gke.io/load-balancer-type", "Internal"],
    ["cloud.google.com/load-balancer-type", "Internal"],
    ["service.beta.kubernetes.io/azure-load-balancer-internal", "true"],
] as const;

export default resourceRule<Config>({
    name: "k8s-service-exposure",
    description: "Services are not NodePorts, and LoadBalancers are internal unless listed as public. Guards team-deployed resources: the platform's only Service of its own is chart-rendered (see k8s-load-balancer-internal).",
    guards: "team-deployed",
    category: "security",
    severity: "medium",
    enforcementLevel: "advisory",
    references: [cisK8s("5.7.4")],
    remediationSteps: "Use ClusterIP behind the mesh gateway; add the cloud's internal load balancer annotation, or list the Service in publicLoadBalancers.",
    config: { publicLoadBalancers: { type: "array", items: { type: "string" }, default: [] } },
    types: ["kubernetes:core/v1:Service"],
    check: ({ props, config, report }) => {
        const type = props.spec?.type;
        if (type === "NodePort") report("The Service is a NodePort: it opens a port on every node.");
        if (type !== "LoadBalancer") return;
        const id = `${props.metadata?.namespace ?? "default"}/${props.metadata?.name ?? ""}`;
        const annotations = (props.metadata?.annotations ?? {}) as Record<string, string>;
        const internal = INTERNAL.some(([k, v]) => annotations[k] === v);
        if (!internal && !config.publicLoadBalancers.includes(id)) report(`LoadBalancer ${id} is internet-facing.`);
    },
});
