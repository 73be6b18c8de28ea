/**
 * The committed policy-pack config files (policy/config/<environment>.json) in the format
 * `pulumi preview --policy-pack-config` reads: `"all"` sets every policy's level, an entry per
 * policy overrides it and carries the policy's configSchema properties.
 */
import * as fs from "fs";
import type { EnforcementLevel } from "@pulumi/policy";
import type { Rule } from "./rule";

type Entry = EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>);
export type PackConfig = Record<string, Entry>;

export function readPackConfig(file: string): PackConfig {
    return JSON.parse(fs.readFileSync(file, "utf8")) as PackConfig;
}

function levelIn(entry: Entry | undefined): EnforcementLevel | undefined {
    return typeof entry === "string" ? entry : entry?.enforcementLevel;
}

/** Same precedence as the CLI: the policy's own entry, then "all", then the policy's default. */
export function enforcementLevel(rule: Rule, config: PackConfig): EnforcementLevel {
    return levelIn(config[rule.name]) ?? levelIn(config.all) ?? rule.enforcementLevel ?? "advisory";
}

/** The policy's config properties (what `args.getConfig()` returns on a real run). */
export function ruleConfig(rule: Rule, config: PackConfig): Record<string, unknown> {
    const entry = config[rule.name];
    if (typeof entry !== "object") return {};
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    const { enforcementLevel: _level, ...properties } = entry;
    return properties;
}

/** Problems the CLI would reject (or silently ignore): unknown policies and undeclared properties. */
export function validatePackConfig(rules: readonly Rule[], config: PackConfig): string[] {
    const byName = new Map(rules.map((r) => [r.name, r]));
    const problems: string[] = [];
    for (const [name, entry] of Object.entries(config)) {
        if (name === "all") continue;
        const rule = byName.get(name);
        if (!rule) {
            problems.push(`config names unknown policy "${name}"`);
            continue;
        }
        const declared = Object.keys(rule.configSchema?.properties ?? {});
        for (const key of Object.keys(ruleConfig(rule, config))) {
            if (!declared.includes(key)) problems.push(`${name}: property "${key}" is not in its configSchema`);
        }
        if (typeof entry === "string" && !["advisory", "mandatory", "remediate", "disabled"].includes(entry)) problems.push(`${name}: bad level "${entry}"`);
    }
    return problems;
}
