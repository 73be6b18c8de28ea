import type { PolicyResource } from "@pulumi/policy";
import { stackRule, type Props } from "../../lib/rule";
import { cloudsOf, CLUSTER_TYPES, type Cloud } from "../../lib/clouds";
import { HELM_TYPES, isObject, pathLabel, releaseId, valuesOf, walkValues } from "../../lib/helmValues";
import { known } from "../../lib/unknown";
import { asRecord } from "../../lib/values";
import { cisK8s } from "../../lib/references";

interface Config {
    /** Releases ("<namespace>/<chart>") the stack's config makes internet-facing (the gateway when gatewayExposure is external). */
    publicLoadBalancers: string[];
}

const is = (value: unknown, expected: string) => String(value ?? "").toLowerCase() === expected;

/** Whether a Service with these annotations gets an internal load balancer on the cloud. */
const INTERNAL: Record<Cloud, (a: Record<string, unknown>, service: Props) => boolean> = {
    aws: (a, service) => {
        if (is(a["service.beta.kubernetes.io/aws-load-balancer-internal"], "true")) return true;
        const scheme = a["service.beta.kubernetes.io/aws-load-balancer-scheme"];
        // The AWS Load Balancer Controller (type external/nlb-ip) reads the scheme and defaults to internal;
        // the in-tree controller (no type, or nlb) ignores it and is internet-facing by default.
        const controller =
            ["external", "nlb-ip"].includes(String(a["service.beta.kubernetes.io/aws-load-balancer-type"] ?? "")) || service.loadBalancerClass === "service.k8s.aws/nlb";
        return controller && (scheme === undefined || is(scheme, "internal"));
    },
    gcp: (a) => is(a["networking.gke.io/load-balancer-type"], "internal") || is(a["cloud.google.com/load-balancer-type"], "internal"),
    azure: (a) => is(a["service.beta.kubernetes.io/azure-load-balancer-internal"], "true"),
};

/** Every `type: LoadBalancer` in a release's values, with the annotations beside it. */
interface RenderedLoadBalancer {
    path: string[];
    service: Props;
    annotations: Record<string, unknown>;
}

function loadBalancers(values: unknown): RenderedLoadBalancer[] {
    const found: RenderedLoadBalancer[] = [];
    walkValues(values, ({ key, value, path, parent }) => {
        if (key === "type" && value === "LoadBalancer" && isObject(parent)) found.push({ path: path.slice(0, -1), service: parent, annotations: asRecord(parent.annotations) });
    });
    return found;
}

function internalOn(clouds: readonly Cloud[], lb: RenderedLoadBalancer): boolean {
    // A stack without a cluster of its own: any cloud's internal marker counts.
    if (clouds.length === 0) return (["aws", "gcp", "azure"] as Cloud[]).some((c) => INTERNAL[c](lb.annotations, lb.service));
    return clouds.every((c) => INTERNAL[c](lb.annotations, lb.service));
}

/** The gateway's Service is rendered by its chart: its exposure is decided by the release values. */
export default stackRule<Config>({
    name: "k8s-load-balancer-internal",
    description: "A LoadBalancer Service that a Helm release renders (the mesh gateway) gets the cloud's internal load balancer, unless the stack's config makes it public (publicLoadBalancers, set per environment from gatewayExposure).",
    category: "security",
    severity: "high",
    references: [cisK8s("5.7.4")],
    remediationSteps: "Add the cloud's internal annotation to the release's service annotations (AWS aws-load-balancer-internal: \"true\" or the LB controller's scheme internal, GKE networking.gke.io/load-balancer-type: Internal, AKS azure-load-balancer-internal: \"true\"), or set gatewayExposure: external and list the release in publicLoadBalancers.",
    config: { publicLoadBalancers: { type: "array", items: { type: "string" }, default: [] } },
    types: [...HELM_TYPES, ...CLUSTER_TYPES],
    check: (args, { config, report }) => {
        const clouds = cloudsOf(args.resources);
        const releases = args.resources.filter((r: PolicyResource) => (HELM_TYPES as readonly string[]).includes(r.type));
        for (const release of releases) {
            const props = release.props as Props;
            const id = known(() => releaseId(props)) ?? release.name;
            if (config.publicLoadBalancers.includes(id)) continue;
            for (const lb of loadBalancers(valuesOf(props))) {
                if (!internalOn(clouds, lb)) report(`${pathLabel(lb.path)} of ${id} renders an internet-facing LoadBalancer on ${clouds.join("/") || "this cluster"}.`, release.urn);
            }
        }
    },
});
