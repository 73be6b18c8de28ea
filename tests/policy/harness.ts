/**
 * Runs one rule against fixtures the way the analyzer would (complete ResourceValidationArgs /
 * StackValidationArgs from policy/lib/validationArgs), with the rule's config defaults and a
 * chosen environment. Used by the rule tests; the offline plan shares the same argument builder.
 */
import type { Rule } from "../../policy/lib/rule";
import { runResourcePolicy, runStackPolicy, type PolicyOutcome, type ResourceDescription } from "../../policy/lib/validationArgs";

export type Environment = "staging" | "production";

export interface Fixture {
    type: string;
    props: Record<string, unknown>;
    name?: string;
    protect?: boolean;
    propertyDependencies?: Record<string, string[]>;
}

export interface RunOptions {
    environment?: Environment;
    config?: Record<string, unknown>;
}

let counter = 0;

export function describeFixture(f: Fixture): ResourceDescription {
    const name = f.name ?? `fixture-${++counter}`;
    return {
        urn: urnOf(f.type, name),
        type: f.type,
        name,
        props: f.props,
        protect: f.protect ?? false,
        parent: null,
        dependencies: Object.values(f.propertyDependencies ?? {}).flat(),
        propertyDependencies: f.propertyDependencies ?? {},
    };
}

export function urnOf(type: string, name: string): string {
    return `urn:pulumi:test::ml-platform::${type}::${name}`;
}

function context(rule: Rule, options: RunOptions) {
    const environment = options.environment ?? "production";
    const declaresEnvironment = rule.configSchema?.properties.environment !== undefined;
    return {
        stackTags: { environment },
        config: { ...(declaresEnvironment ? { environment } : {}), ...(options.config ?? {}) },
    };
}

export function runRule(rule: Rule, fixture: Fixture | Fixture[], options: RunOptions = {}): Promise<PolicyOutcome> {
    const ctx = context(rule, options);
    if (Array.isArray(fixture)) return runStackPolicy(rule, fixture.map(describeFixture), ctx);
    return runResourcePolicy(rule, describeFixture(fixture), ctx);
}

/** The violation messages a rule reports for a fixture (a list of fixtures = one stack). */
export async function violations(rule: Rule, fixture: Fixture | Fixture[], options: RunOptions = {}): Promise<string[]> {
    const outcome = await runRule(rule, fixture, options);
    if (outcome.cannotRun) throw new Error(`policy could not run: ${outcome.cannotRun}`);
    return outcome.violations.map((v) => v.message);
}
