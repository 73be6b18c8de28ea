/**
 * In-cluster guardrails: the admission policies (ValidatingAdmissionPolicy + bindings) that judge
 * every workload outside the system namespaces, whoever deploys it.
 *
 * Two bindings per policy. The first applies the configured action (Warn in staging, Deny in
 * production) to every namespace but the system ones, the configured exemptions and the
 * namespaces that hold third-party charts' pods. Those charts' rendered pods cannot be checked
 * offline (no Helm rendering in the tests), and some are known to break a rule (istio-cni's
 * install-cni sets no readOnlyRootFilesystem; Grafana's dashboard sidecar sets no resources), so a
 * second binding only warns and audits there: violations are visible without stopping the
 * platform's own upgrades.
 */
import * as pulumi from "@pulumi/pulumi";
import { ValidatingAdmissionPolicy, ValidatingAdmissionPolicyBinding } from "@pulumi/kubernetes/admissionregistration/v1";
import { component, type InstallArgs, type NamespaceDeclaration } from "../component";
import { K8sComponent, platformLabels, type K8sContext } from "../context";
import { admissionRules, bindingSpec, policySpec, type ServingIdentity } from "./admission";
import { admissionAlertGroup, CHART_BINDING_SUFFIX } from "./alerts";
import { SYSTEM_NAMESPACE_PREFIXES, SYSTEM_NAMESPACES } from "./systemNamespaces";

export interface AdmissionScope {
    /** Namespaces the enforcing binding skips. */
    excluded: string[];
    /** Chart namespaces judged by the warn-and-audit binding. */
    chartNamespaces: string[];
}

export interface GuardrailsArgs {
    serving: ServingIdentity;
    /** Every namespace the platform's components declare (installed before this one). */
    platformNamespaces: readonly NamespaceDeclaration[];
}

/**
 * The platform's own namespaces hold third-party charts' pods, except the serving namespace, whose
 * pods are the model servers the program and teams define: it is enforced like a team's.
 */
export function admissionScope(ctx: Pick<K8sContext, "foundation" | "spec">, args: GuardrailsArgs): AdmissionScope {
    const exempt = ctx.spec.platform.guardrails.admission.exemptNamespaces;
    const system = SYSTEM_NAMESPACES[ctx.foundation.cluster.distribution];
    const chartNamespaces = args.platformNamespaces.map((n) => n.name).filter((ns) => ns !== args.serving.namespace && !exempt.includes(ns));
    const excluded = [...new Set([...system, ...exempt, ...chartNamespaces])];
    return { excluded, chartNamespaces };
}

export class Guardrails extends K8sComponent {
    readonly policies: ValidatingAdmissionPolicy[] = [];

    constructor(name: string, ctx: K8sContext, args: GuardrailsArgs, opts: pulumi.ComponentResourceOptions) {
        super("Guardrails", name, ctx, opts);
        const admission = ctx.spec.platform.guardrails.admission;
        const scope = admissionScope(ctx, args);
        const labels = platformLabels(ctx);
        for (const rule of admissionRules({ allowedRegistries: admission.allowedRegistries, serving: args.serving })) {
            const spec = policySpec(rule, SYSTEM_NAMESPACE_PREFIXES[ctx.foundation.cluster.distribution]);
            const policy = new ValidatingAdmissionPolicy(rule.name, { metadata: { name: rule.name, labels }, spec }, this.child());
            this.policies.push(policy);
            new ValidatingAdmissionPolicyBinding(
                rule.name,
                { metadata: { name: rule.name, labels }, spec: bindingSpec(rule, { action: admission.action, excludedNamespaces: scope.excluded }) },
                this.child({ dependsOn: [policy] }),
            );
            if (scope.chartNamespaces.length > 0) this.chartBinding(rule.name, scope.chartNamespaces, labels, policy);
        }
        this.registerOutputs({});
    }

    private chartBinding(policyName: string, namespaces: string[], labels: Record<string, string>, policy: ValidatingAdmissionPolicy): void {
        const name = `${policyName}${CHART_BINDING_SUFFIX}`;
        new ValidatingAdmissionPolicyBinding(
            name,
            {
                metadata: { name, labels },
                spec: {
                    policyName,
                    validationActions: ["Warn", "Audit"],
                    matchResources: { namespaceSelector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: namespaces }] } },
                },
            },
            this.child({ dependsOn: [policy] }),
        );
    }
}

/** No namespace of its own: the policies live in the API server. Installed last, to see every platform namespace. */
export const guardrails = component({
    name: "guardrails",
    namespaces: [],
    alerts: [admissionAlertGroup()],
    install: ({ name, ctx, deps, opts }: InstallArgs<GuardrailsArgs>) => new Guardrails(name, ctx, deps, opts),
});
