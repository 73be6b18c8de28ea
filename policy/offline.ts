/**
 * Runs the pack over a stack's captured resources, as `pulumi preview --policy-pack` would, for the
 * offline plan: the committed config file for the environment decides each policy's level and
 * thresholds, resource policies see every custom resource, stack policies see the whole stack.
 * Creates no PolicyPack (that starts a gRPC server); it runs the same rule objects directly.
 */
import * as path from "path";
import { enforcementLevel, readPackConfig, ruleConfig, validatePackConfig } from "./lib/packConfig";
import { scopeOf, type Rule } from "./lib/rule";
import { isStackPolicy, runResourcePolicy, runStackPolicy, type PolicyOutcome, type ResourceDescription } from "./lib/validationArgs";
import { RULES } from "./rules";

/** The fields of automation/capture.ts's CapturedResource the pack needs. */
export interface CapturedResourceLike {
    urn: string;
    type: string;
    name: string;
    custom: boolean;
    parent: string | null;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    protect: boolean;
    inputs: Record<string, unknown>;
}

export interface PolicyContext {
    stack: string;
    environment: "staging" | "production";
    /** Defaults to policy/config/<environment>.json. */
    configFile?: string;
    /** Evaluate only these policies (by name): each runs alone, so their outcomes are the same as in a whole run. */
    only?: readonly string[];
}

export interface PolicyViolation {
    policy: string;
    level: "mandatory" | "advisory";
    urn: string;
    message: string;
}

export interface PolicyReport {
    /** Policies evaluated (every policy not disabled by the config). */
    rules: number;
    violations: PolicyViolation[];
}

export function defaultConfigFile(environment: string): string {
    return path.join(__dirname, "config", `${environment}.json`);
}

export async function evaluatePolicies(resources: readonly CapturedResourceLike[], ctx: PolicyContext): Promise<PolicyReport> {
    const config = readPackConfig(ctx.configFile ?? defaultConfigFile(ctx.environment));
    const problems = validatePackConfig(RULES, config);
    if (problems.length > 0) throw new Error(`invalid policy config: ${problems.join("; ")}`);

    const described = resources.map(describe);
    const custom = described.filter((_, i) => resources[i].custom);
    const stackUrn = resources.find((r) => r.type === "pulumi:pulumi:Stack")?.urn ?? "";
    const stackTags = { environment: ctx.environment, stack: ctx.stack };
    const violations: PolicyViolation[] = [];
    let evaluated = 0;

    for (const rule of RULES) {
        if (ctx.only && !ctx.only.includes(rule.name)) continue;
        const level = enforcementLevel(rule, config);
        if (level === "disabled") continue;
        evaluated++;
        const run = { stackTags, config: ruleConfig(rule, config) };
        const outcomes = isStackPolicy(rule)
            ? [{ urn: stackUrn, outcome: await runStackPolicy(rule, described, run) }]
            : await Promise.all(appliesTo(rule, custom).map(async (r) => ({ urn: r.urn, outcome: await runResourcePolicy(rule, r, run) })));
        for (const { urn, outcome } of outcomes) violations.push(...toViolations(rule, level, urn, outcome));
    }
    return { rules: evaluated, violations };
}

/** A resourceRule returns at once for a type it does not list; skipping those calls changes no outcome. */
function appliesTo(rule: Rule, resources: readonly ResourceDescription[]): readonly ResourceDescription[] {
    const types = scopeOf(rule).types;
    return resources.filter((r) => types.includes(r.type));
}

function describe(r: CapturedResourceLike): ResourceDescription {
    return {
        urn: r.urn,
        type: r.type,
        name: r.name,
        props: r.inputs,
        protect: r.protect,
        parent: r.parent,
        dependencies: r.dependencies,
        propertyDependencies: r.propertyDependencies,
    };
}

function toViolations(rule: Rule, level: string, urn: string, outcome: PolicyOutcome): PolicyViolation[] {
    // "remediate" is reported as mandatory when a policy has no remediation, as the analyzer does.
    const effective: PolicyViolation["level"] = level === "advisory" ? "advisory" : "mandatory";
    const found = outcome.violations.map((v) => ({ policy: rule.name, level: effective, urn: v.urn ?? urn, message: v.message }));
    if (outcome.cannotRun) {
        found.push({ policy: rule.name, level: "advisory", urn, message: `can't run policy '${rule.name}' during preview: ${outcome.cannotRun}` });
    }
    return found;
}

/** One line per violation, mandatory first, for the plan's console output. */
export function formatViolations(report: PolicyReport): string {
    const order = (v: PolicyViolation) => (v.level === "mandatory" ? 0 : 1);
    const lines = [...report.violations].sort((a, b) => order(a) - order(b)).map((v) => `  [${v.level}] ${v.policy}: ${v.message}\n      ${v.urn}`);
    const mandatory = report.violations.filter((v) => v.level === "mandatory").length;
    const summary = `Policies: ${report.rules} evaluated, ${mandatory} mandatory and ${report.violations.length - mandatory} advisory violation(s)`;
    return [summary, ...lines].join("\n");
}

export function hasMandatoryViolations(report: PolicyReport): boolean {
    return report.violations.some((v) => v.level === "mandatory");
}
