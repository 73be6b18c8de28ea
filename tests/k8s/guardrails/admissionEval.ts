/**
 * Evaluates ValidatingAdmissionPolicies and their bindings the way the API server does, for the
 * parts the platform's policies use: resource rules, a binding's namespaceSelector, matchConditions,
 * variables (in order), validations with messageExpressions, and validationActions. The CEL runs
 * in @bufbuild/cel with its strings extension (`join`); integers are passed as CEL ints, as the
 * API server does for integer fields.
 *
 * Not modelled: objectSelector, paramKind/paramRef, excludeResourceRules, auditAnnotations, the
 * API server's cost budget and its type checking against the OpenAPI schema.
 */
import { isCelError, run } from "@bufbuild/cel";
import { strings } from "@bufbuild/cel/ext";

export interface K8sObject {
    apiVersion: string;
    kind: string;
    metadata: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
    spec?: any;
}

export interface PolicyObject {
    metadata: { name: string };
    spec: any;
}

export interface BindingObject {
    metadata: { name: string };
    spec: { policyName: string; validationActions: string[]; matchResources?: { namespaceSelector?: { matchExpressions?: Selector[] } } };
}

interface Selector {
    key: string;
    operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
    values?: string[];
}

export interface Verdict {
    policy: string;
    binding: string;
    message: string;
}

export interface Outcome {
    /** Policies whose constraints matched the request (before bindings). */
    matched: string[];
    allowed: boolean;
    denied: Verdict[];
    warnings: Verdict[];
    audited: Verdict[];
}

/** Plural resource names of the kinds that carry pods (and a fallback for the rest). */
const RESOURCES: Record<string, string> = {
    Pod: "pods",
    ReplicationController: "replicationcontrollers",
    Deployment: "deployments",
    ReplicaSet: "replicasets",
    StatefulSet: "statefulsets",
    DaemonSet: "daemonsets",
    Job: "jobs",
    CronJob: "cronjobs",
};

function groupVersion(apiVersion: string): { group: string; version: string } {
    const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
    return { group, version };
}

/** JSON as CEL values: whole numbers become ints, absent stays absent. */
export function celValue(value: unknown): unknown {
    if (typeof value === "number" && Number.isInteger(value)) return BigInt(value);
    if (Array.isArray(value)) return value.map(celValue);
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).map(([k, v]) => [k, celValue(v)]));
    }
    return value;
}

function evaluate(expression: string, bindings: Record<string, unknown>): unknown {
    const result = run(expression, bindings as never, { funcs: strings });
    if (isCelError(result)) throw new Error(`CEL error in ${expression}: ${result.message}`);
    return result;
}

function selects(selector: { matchExpressions?: Selector[] } | undefined, labels: Record<string, string>): boolean {
    return (selector?.matchExpressions ?? []).every((e) => {
        const has = e.key in labels;
        switch (e.operator) {
            case "In":
                return has && (e.values ?? []).includes(labels[e.key]);
            case "NotIn":
                return !has || !(e.values ?? []).includes(labels[e.key]);
            case "Exists":
                return has;
            case "DoesNotExist":
                return !has;
        }
    });
}

export interface Request {
    object: K8sObject;
    operation?: "CREATE" | "UPDATE";
    oldObject?: K8sObject;
    /** Defaults to the object's metadata.namespace. */
    namespace?: string;
}

function policyMatches(policy: PolicyObject, req: Required<Pick<Request, "operation">> & Request): boolean {
    const { group, version } = groupVersion(req.object.apiVersion);
    const resource = RESOURCES[req.object.kind] ?? `${req.object.kind.toLowerCase()}s`;
    return (policy.spec.matchConstraints?.resourceRules ?? []).some(
        (r: any) => r.apiGroups.includes(group) && r.apiVersions.includes(version) && r.resources.includes(resource) && r.operations.includes(req.operation),
    );
}

/** The failing validation's message, or undefined when the object passes (or a matchCondition skips it). */
export function judge(policy: PolicyObject, req: Request): string | undefined {
    const operation = req.operation ?? "CREATE";
    const { group, version } = groupVersion(req.object.apiVersion);
    const namespace = req.namespace ?? req.object.metadata.namespace ?? "";
    const bindings: Record<string, unknown> = {
        object: celValue(req.object),
        oldObject: req.oldObject ? celValue(req.oldObject) : null,
        request: { kind: { group, version, kind: req.object.kind }, operation, namespace, name: req.object.metadata.name ?? "" },
    };
    for (const c of policy.spec.matchConditions ?? []) {
        if (evaluate(c.expression, bindings) !== true) return undefined;
    }
    const variables: Record<string, unknown> = {};
    bindings.variables = variables;
    for (const v of policy.spec.variables ?? []) variables[v.name] = evaluate(v.expression, bindings);
    for (const v of policy.spec.validations) {
        const ok = evaluate(v.expression, bindings);
        if (typeof ok !== "boolean") throw new Error(`${policy.metadata.name}: ${v.expression} is not a bool`);
        if (!ok) return v.messageExpression ? String(evaluate(v.messageExpression, bindings)) : v.message;
    }
    return undefined;
}

/** What the API server would do with the request, given every policy and binding. */
export function admit(policies: PolicyObject[], bindings: BindingObject[], req: Request): Outcome {
    const operation = req.operation ?? "CREATE";
    const namespace = req.namespace ?? req.object.metadata.namespace ?? "";
    const outcome: Outcome = { matched: [], allowed: true, denied: [], warnings: [], audited: [] };
    for (const policy of policies) {
        if (!policyMatches(policy, { ...req, operation })) continue;
        outcome.matched.push(policy.metadata.name);
        const own = bindings.filter(
            (b) => b.spec.policyName === policy.metadata.name && selects(b.spec.matchResources?.namespaceSelector, { "kubernetes.io/metadata.name": namespace }),
        );
        if (own.length === 0) continue;
        const message = judge(policy, { ...req, operation });
        if (message === undefined) continue;
        for (const b of own) {
            const verdict = { policy: policy.metadata.name, binding: b.metadata.name, message };
            if (b.spec.validationActions.includes("Deny")) outcome.denied.push(verdict);
            if (b.spec.validationActions.includes("Warn")) outcome.warnings.push(verdict);
            if (b.spec.validationActions.includes("Audit")) outcome.audited.push(verdict);
        }
    }
    outcome.allowed = outcome.denied.length === 0;
    return outcome;
}
