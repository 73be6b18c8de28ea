/**
 * How a rule is declared: its metadata (what, why, how to fix, which benchmark) and a small check.
 * `resourceRule`/`stackRule` turn a declaration into a plain @pulumi/policy policy object, so the pack,
 * the offline plan and the tests all run exactly the same code.
 */
import type {
    EnforcementLevel,
    PolicyConfigSchema,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    Severity,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { ENVIRONMENT_SCHEMA, environmentOf, type Environment } from "./environment";

/**
 * security: never relaxed below its default, on any stack.
 * availability: HA, backups and protection; staging may relax these to advisory.
 * governance: tagging and release hygiene.
 */
export type Category = "security" | "availability" | "governance";

/** Resource properties as the engine hands them over (inputs during preview). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Props = Record<string, any>;

export interface Reference {
    /** e.g. "CIS Amazon EKS Benchmark" */
    framework: string;
    version: string;
    /** Section or check ID, e.g. "5.4.2" or "CKV_AWS_38". */
    reference: string;
}

export interface RuleMeta<C extends object> {
    name: string;
    description: string;
    category: Category;
    severity: Severity;
    /** Default level when no policy config says otherwise. */
    enforcementLevel?: Exclude<EnforcementLevel, "remediate">;
    /** The first is the primary framework reference; the rest become tags. */
    references: Reference[];
    remediationSteps: string;
    /** Thresholds and lists the rule reads; every property needs a default. */
    config?: { [K in keyof C]: PolicyConfigJSONSchema & { default: C[K] } };
    /** Whether the rule depends on the environment (adds the `environment` config property). */
    environmentAware?: boolean;
    /**
     * "platform" (default): the rule guards resources this program creates, so some shipped plan must
     * contain one of its types. "team-deployed": it guards what teams deploy onto the platform (its
     * description says so), which the platform's own plans need not contain.
     */
    guards?: "platform" | "team-deployed";
    /** Set while the rule's types are still being added by another change: why none is planned yet. */
    awaitingTypes?: string;
}

export interface RuleContext<C extends object> {
    config: C;
    environment: Environment;
    report: (message: string) => void;
}

export interface ResourceCheckInput<C extends object> extends RuleContext<C> {
    type: string;
    name: string;
    urn: string;
    props: Props;
    protect: boolean;
}

export interface ResourceRuleSpec<C extends object> extends RuleMeta<C> {
    /** Type tokens the rule applies to. */
    types: readonly string[];
    check: (resource: ResourceCheckInput<C>) => void;
}

export interface StackRuleSpec<C extends object> extends RuleMeta<C> {
    /** Type tokens the rule reads (for the no-inert-rule check; the engine hands a stack rule everything). */
    types: readonly string[];
    check: (args: StackValidationArgs, ctx: Omit<RuleContext<C>, "report"> & { report: ReportViolation }) => void;
}

export type Rule = ResourceValidationPolicy | StackValidationPolicy;

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
type NoConfig = {};

/** What a built policy applies to, kept beside it (the analyzer only sees the policy's own fields). */
export interface RuleScope {
    types: readonly string[];
    guards: "platform" | "team-deployed";
    awaitingTypes?: string;
}

const scopes = new WeakMap<Rule, RuleScope>();

export function scopeOf(rule: Rule): RuleScope {
    const scope = scopes.get(rule);
    if (!scope) throw new Error(`policy ${rule.name} was not built with resourceRule/stackRule`);
    return scope;
}

function remember<R extends Rule>(rule: R, spec: RuleMeta<object> & { types: readonly string[] }): R {
    scopes.set(rule, { types: spec.types, guards: spec.guards ?? "platform", ...(spec.awaitingTypes ? { awaitingTypes: spec.awaitingTypes } : {}) });
    return rule;
}

export function resourceRule<C extends object = NoConfig>(spec: ResourceRuleSpec<C>): ResourceValidationPolicy {
    return remember({
        ...policyMetadata(spec),
        validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
            if (!spec.types.includes(args.type)) return;
            spec.check({
                type: args.type,
                name: args.name,
                urn: args.urn,
                props: args.props,
                protect: args.opts.protect,
                ...context(spec, args.getConfig<Partial<C> & { environment?: string }>(), args.stackTags),
                report: (message) => report(message),
            });
        },
    }, spec);
}

export function stackRule<C extends object = NoConfig>(spec: StackRuleSpec<C>): StackValidationPolicy {
    return remember({
        ...policyMetadata(spec),
        validateStack: (args: StackValidationArgs, report: ReportViolation) => {
            spec.check(args, { ...context(spec, args.getConfig<Partial<C> & { environment?: string }>(), args.stackTags), report });
        },
    }, spec);
}

function context<C extends object>(spec: RuleMeta<C>, given: Partial<C> & { environment?: string }, stackTags: ReadonlyMap<string, string>) {
    return { config: withDefaults(spec, given), environment: environmentOf(given.environment, stackTags) };
}

/** Policy config as given, with the schema's defaults filled in (the CLI does not always do it). */
export function withDefaults<C extends object>(spec: RuleMeta<C>, given: Partial<C>): C {
    const defaults = Object.fromEntries(Object.entries(spec.config ?? {}).map(([k, s]) => [k, (s as { default: unknown }).default]));
    const known = Object.fromEntries(Object.entries(given).filter(([k, v]) => v !== undefined && k in defaults));
    return { ...defaults, ...known } as C;
}

function policyMetadata<C extends object>(spec: RuleMeta<C>) {
    const [primary, ...others] = spec.references;
    const properties: Record<string, PolicyConfigJSONSchema> = { ...(spec.config ?? {}) };
    if (spec.environmentAware) properties.environment = ENVIRONMENT_SCHEMA;
    const configSchema: PolicyConfigSchema | undefined = Object.keys(properties).length > 0 ? { properties } : undefined;
    return {
        name: spec.name,
        description: spec.description,
        enforcementLevel: spec.enforcementLevel ?? "mandatory",
        severity: spec.severity,
        remediationSteps: spec.remediationSteps,
        framework: { name: primary.framework, version: primary.version, reference: primary.reference, specification: spec.description },
        tags: [spec.category, ...others.map((r) => `${r.framework} ${r.reference}`)],
        ...(configSchema ? { configSchema } : {}),
    };
}

/** The category a built policy was declared with (it travels as the first tag). */
export function categoryOf(policy: Rule): Category {
    return (policy.tags?.[0] ?? "security") as Category;
}
