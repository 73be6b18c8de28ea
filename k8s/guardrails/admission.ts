/**
 * The admission policies every workload outside the system namespaces must pass, as Kubernetes
 * ValidatingAdmissionPolicies (admissionregistration.k8s.io/v1, CEL in the API server: no
 * controller, no webhook to keep reachable). One policy per rule, so a refusal, a warning, an
 * audit annotation and the API server's metric each name the rule that failed.
 *
 * The CEL keeps to standard CEL plus `join` from the strings extension (both in Kubernetes 1.35
 * and in @bufbuild/cel, which evaluates it in the tests); no Kubernetes-only library is used.
 */
import type * as k8s from "@pulumi/kubernetes";
import type { AdmissionAction } from "../../components/config/guardrails";

type PolicySpec = k8s.types.input.admissionregistration.v1.ValidatingAdmissionPolicySpec;
type BindingSpec = k8s.types.input.admissionregistration.v1.ValidatingAdmissionPolicyBindingSpec;

/** KServe labels every model-server pod with its InferenceService's name. */
export const MODEL_SERVER_LABEL = "serving.kserve.io/inferenceservice";

/**
 * A container that must write to its root filesystem opts out with an annotation on its pod
 * (or pod template) named after it, whose value says why: visible in the manifest and reviewable.
 */
export const WRITABLE_ROOT_ANNOTATION_PREFIX = "writable-root-filesystem.guardrails.ml-platform.io/";

export function writableRootAnnotation(container: string, reason: string): Record<string, string> {
    return { [`${WRITABLE_ROOT_ANNOTATION_PREFIX}${container}`]: reason };
}

/** The identity model servers must run under (the serving namespace's service account and pod labels). */
export interface ServingIdentity {
    namespace: string;
    serviceAccount: string;
    podLabels: Record<string, string>;
}

export interface AdmissionPoliciesArgs {
    action: AdmissionAction;
    allowedRegistries: readonly string[];
    /** Namespaces no policy applies to: the cluster's system namespaces plus configured exemptions. */
    excludedNamespaces: readonly string[];
    serving: ServingIdentity;
}

export interface AdmissionRule {
    /** Policy and binding name. */
    name: string;
    /** Container names that break the rule (empty when it holds); absent for pod-level rules. */
    offenders?: string;
    /** True when the object passes. */
    expression: string;
    messageExpression: string;
}

/** A CEL string literal. */
function lit(value: string): string {
    return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

/** A regular expression matching a registry host literally (no backslashes: '.' becomes [.]). */
function hostPattern(host: string): string {
    return host.replace(/\./g, "[.]");
}

/**
 * Images from an allowed registry: `<host>/...` where host is an allowed one or a subdomain of it
 * (as the CrossGuard rule k8s-image-pinning matches). Docker Hub names without a host
 * (`busybox:1.36`, `kserve/agent:v0.20.0`) count as docker.io.
 */
export function registryPattern(allowed: readonly string[]): string {
    const explicit = `([a-z0-9-]+[.])*(${allowed.map(hostPattern).join("|")})/`;
    const dockerHub = allowed.includes("docker.io") ? ["[^/.:]+([:@][^/]*)?$", "[^/.:]+/"] : [];
    return `^(${[explicit, ...dockerHub].join("|")})`;
}

/** A digest, or a tag other than `latest` on the last path segment (a registry's port is not a tag). */
const PINNED_DIGEST = "@sha256:[0-9a-f]{64}$";
const PINNED_TAG = "^([^/]+/)*[^/:@]+:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$";

/** Container names, from init and regular containers, that fail a predicate over `c`. */
function offenders(predicate: string): string {
    return `variables.containers.filter(c, !(${predicate})).map(c, c.name)`;
}

function containerRule(name: string, predicate: string, problem: string): AdmissionRule {
    return {
        name,
        offenders: offenders(predicate),
        expression: "size(variables.offenders) == 0",
        messageExpression: `${lit(`${problem}: `)} + variables.offenders.join(', ')`,
    };
}

export function admissionRules(args: Pick<AdmissionPoliciesArgs, "allowedRegistries" | "serving">): AdmissionRule[] {
    const { serving } = args;
    const identityLabels = Object.entries(serving.podLabels).map(([k, v]) => ` && ${lit(k)} in variables.labels && variables.labels[${lit(k)}] == ${lit(v)}`);
    const writableOptOut = `(${lit(WRITABLE_ROOT_ANNOTATION_PREFIX)} + c.name)`;
    return [
        containerRule(
            "mlplatform-container-resources",
            "has(c.resources) && has(c.resources.requests) && 'cpu' in c.resources.requests && 'memory' in c.resources.requests && has(c.resources.limits) && 'memory' in c.resources.limits",
            "containers must request CPU and memory and limit memory",
        ),
        containerRule(
            "mlplatform-image-pinned",
            `has(c.image) && (c.image.matches(${lit(PINNED_DIGEST)}) || (c.image.matches(${lit(PINNED_TAG)}) && !c.image.endsWith(':latest')))`,
            "container images must be pinned by digest or a tag other than latest",
        ),
        containerRule(
            "mlplatform-allowed-registries",
            `has(c.image) && c.image.matches(${lit(registryPattern(args.allowedRegistries))}) && !c.image.matches('^localhost([:/]|$)')`,
            `container images must come from ${args.allowedRegistries.join(", ")}`,
        ),
        containerRule(
            "mlplatform-no-host-ports",
            "!has(c.ports) || c.ports.all(p, !has(p.hostPort) || p.hostPort == 0)",
            "containers must not bind host ports",
        ),
        containerRule(
            "mlplatform-read-only-root-filesystem",
            `(has(c.securityContext) && has(c.securityContext.readOnlyRootFilesystem) && c.securityContext.readOnlyRootFilesystem) || (${writableOptOut} in variables.annotations && size(variables.annotations[${writableOptOut}]) > 0)`,
            `containers must set securityContext.readOnlyRootFilesystem, or their pod must carry the annotation ${WRITABLE_ROOT_ANNOTATION_PREFIX}<container> giving the reason`,
        ),
        {
            name: "mlplatform-model-server-identity",
            expression:
                `!(${lit(MODEL_SERVER_LABEL)} in variables.labels) || (request.namespace == ${lit(serving.namespace)}` +
                ` && has(variables.template.spec.serviceAccountName) && variables.template.spec.serviceAccountName == ${lit(serving.serviceAccount)}${identityLabels.join("")})`,
            messageExpression: lit(
                `model servers must run in namespace ${serving.namespace} as service account ${serving.serviceAccount}` +
                    (identityLabels.length > 0 ? ` with pod labels ${Object.entries(serving.podLabels).map(([k, v]) => `${k}=${v}`).join(", ")}` : ""),
            ),
        },
    ];
}

/** Every kind that creates pods, and pods themselves (webhook-injected containers appear only there). */
export const POD_RESOURCE_RULES = [
    { apiGroups: [""], apiVersions: ["v1"], resources: ["pods", "replicationcontrollers"] },
    { apiGroups: ["apps"], apiVersions: ["v1"], resources: ["deployments", "replicasets", "statefulsets", "daemonsets"] },
    { apiGroups: ["batch"], apiVersions: ["v1"], resources: ["jobs", "cronjobs"] },
].map((r) => ({ ...r, operations: ["CREATE", "UPDATE"] }));

/** The pod template of any matched kind, its labels and annotations, and all its containers. */
export const POD_VARIABLES = [
    {
        name: "template",
        expression:
            "request.kind.kind == 'Pod' ? object : (request.kind.kind == 'CronJob' ? object.spec.jobTemplate.spec.template : object.spec.template)",
    },
    { name: "labels", expression: "has(variables.template.metadata) && has(variables.template.metadata.labels) ? variables.template.metadata.labels : {}" },
    {
        name: "annotations",
        expression: "has(variables.template.metadata) && has(variables.template.metadata.annotations) ? variables.template.metadata.annotations : {}",
    },
    {
        name: "containers",
        expression: "variables.template.spec.containers + (has(variables.template.spec.initContainers) ? variables.template.spec.initContainers : [])",
    },
] as const;

/**
 * Only updates that change the pod template are judged again. Labels, finalizers and owner references
 * are not, and neither is a replica count: the Deployment controller scales its ReplicaSets with a plain
 * update of spec.replicas, and re-judging that would leave a ReplicaSet admitted before a rule existed
 * unable to scale down, hanging the rollout that fixes it. matchConditions cannot read `variables`,
 * so the template is picked here as in POD_VARIABLES.
 */
export const TEMPLATE_CHANGED = {
    name: "template-changed",
    expression:
        "request.operation != 'UPDATE' || (request.kind.kind == 'Pod' ? object.spec != oldObject.spec : " +
        "(request.kind.kind == 'CronJob' ? object.spec.jobTemplate != oldObject.spec.jobTemplate : object.spec.template != oldObject.spec.template))",
} as const;

/** Skips namespaces whose name starts with one of the prefixes (the provider's managed ones). */
export function outsidePrefixes(prefixes: readonly string[]) {
    return { name: "not-provider-managed", expression: `!(${prefixes.map((p) => `request.namespace.startsWith(${lit(p)})`).join(" || ")})` };
}

export function policySpec(rule: AdmissionRule, managedPrefixes: readonly string[] = []): PolicySpec {
    return {
        // An expression that cannot be evaluated refuses (or warns, per the binding) rather than admits.
        failurePolicy: "Fail",
        matchConstraints: { matchPolicy: "Equivalent", resourceRules: POD_RESOURCE_RULES },
        matchConditions: [TEMPLATE_CHANGED, ...(managedPrefixes.length > 0 ? [outsidePrefixes(managedPrefixes)] : [])],
        variables: [...POD_VARIABLES, ...(rule.offenders ? [{ name: "offenders", expression: rule.offenders }] : [])],
        validations: [{ expression: rule.expression, messageExpression: rule.messageExpression, reason: "Forbidden" }],
    };
}

/** Warn or Deny, always with Audit: the API server's audit log records every violation. */
export function validationActions(action: AdmissionAction): string[] {
    return [action, "Audit"];
}

export function bindingSpec(rule: AdmissionRule, args: Pick<AdmissionPoliciesArgs, "action" | "excludedNamespaces">): BindingSpec {
    return {
        policyName: rule.name,
        validationActions: validationActions(args.action),
        matchResources: {
            namespaceSelector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "NotIn", values: [...args.excludedNamespaces] }] },
        },
    };
}
