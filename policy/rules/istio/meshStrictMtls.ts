import type { PolicyResource } from "@pulumi/policy";
import { stackRule, type Props } from "../../lib/rule";
import { chartName, HELM_TYPES } from "../../lib/helmValues";
import { known } from "../../lib/unknown";
import { asRecord } from "../../lib/values";
import { platform } from "../../lib/references";

interface Config {
    rootNamespace: string;
    /** "<namespace>/<name>" of a PeerAuthentication -> why it may relax mTLS. */
    exceptions: Record<string, string>;
}

export const PEER_AUTHENTICATION = "kubernetes:security.istio.io/v1:PeerAuthentication";
const PEER_AUTHENTICATION_BETA = "kubernetes:security.istio.io/v1beta1:PeerAuthentication";
const DOWNGRADES = ["PERMISSIVE", "DISABLE"];

interface Peer {
    resource: PolicyResource;
    id: string;
    namespace: string;
    selectsAll: boolean;
    mode?: string;
    portModes: string[];
}

function read(r: PolicyResource): Peer {
    const metadata = asRecord(known(() => r.props.metadata));
    const spec = asRecord(known(() => r.props.spec));
    const namespace = String(metadata.namespace ?? "default");
    const selector = asRecord(asRecord(spec.selector).matchLabels);
    const portModes = Object.values(asRecord(spec.portLevelMtls)).map((p) => String(asRecord(p).mode ?? ""));
    return { resource: r, id: `${namespace}/${metadata.name ?? r.name}`, namespace, selectsAll: Object.keys(selector).length === 0, mode: asRecord(spec.mtls).mode as string | undefined, portModes };
}

/** The stack runs Istio: it installs istiod or creates Istio objects (a stack without a mesh is not checked). */
function runsIstio(resources: readonly PolicyResource[]): boolean {
    return resources.some(
        (r) => r.type.includes(".istio.io/") || ((HELM_TYPES as readonly string[]).includes(r.type) && known(() => chartName(r.props as Props)) === "istiod"),
    );
}

/** Istio's mesh-wide policy lives in the root namespace; anything narrower may only tighten it. */
export default stackRule<Config>({
    name: "istio-mesh-strict-mtls",
    description: "Exactly one mesh-wide PeerAuthentication (root namespace, no selector) enforces STRICT mTLS, and no namespace or workload policy downgrades it to PERMISSIVE or DISABLE unless named as an exception with its reason.",
    category: "security",
    severity: "critical",
    references: [platform("mesh-mtls")],
    remediationSteps: "Keep one PeerAuthentication named default in the Istio root namespace with spec.mtls.mode STRICT; remove narrower PERMISSIVE/DISABLE policies or list them in exceptions with the reason.",
    config: {
        rootNamespace: { type: "string", default: "istio-system" },
        exceptions: { type: "object", additionalProperties: { type: "string", minLength: 20 }, default: {} },
    },
    types: [PEER_AUTHENTICATION, PEER_AUTHENTICATION_BETA, ...HELM_TYPES],
    check: (args, { config, report }) => {
        const peers = args.resources.filter((r) => r.type === PEER_AUTHENTICATION || r.type === PEER_AUTHENTICATION_BETA).map(read);
        if (!runsIstio(args.resources)) return;
        const meshWide = peers.filter((p) => p.namespace === config.rootNamespace && p.selectsAll);
        if (meshWide.length === 0) report(`No mesh-wide PeerAuthentication in ${config.rootNamespace}: workloads accept plaintext (Istio's default is PERMISSIVE).`);
        for (const extra of meshWide.slice(1)) report(`${extra.id} is a second mesh-wide PeerAuthentication: only one may exist.`, extra.resource.urn);
        for (const p of meshWide) if (p.mode !== "STRICT") report(`The mesh-wide PeerAuthentication ${p.id} has mode ${p.mode ?? "unset"}, not STRICT.`, p.resource.urn);
        for (const p of peers) {
            const downgrade = [p.mode, ...p.portModes].find((m) => m !== undefined && DOWNGRADES.includes(m));
            const reason = config.exceptions[p.id];
            if (downgrade && !(reason && reason.trim().length >= 20)) report(`PeerAuthentication ${p.id} downgrades mTLS to ${downgrade}.`, p.resource.urn);
        }
    },
});
