/**
 * The platform's Falco rules load on the pinned image: every macro, list, field and overridden rule
 * they name exists, in our file or in the stable falco-rules 5.1.0 the Falco 0.44.1 image bundles
 * (names extracted to schemas/falco/). The sandbox set (bin_dir, Write below binary dir) is not loaded.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { platformRules, platformRulesYaml, RULE_NAMES, TERMINAL_SHELL_RULE, type FalcoRuleItem } from "../../../k8s/falco/rules";

interface UpstreamNames {
    macros: string[];
    lists: string[];
    rules: string[];
    fields: string[];
}
const UPSTREAM: UpstreamNames = JSON.parse(fs.readFileSync(path.join(__dirname, "../../../schemas/falco/falco-rules-5.1.0.names.json"), "utf8"));

/** Falco's condition-language words that are not macro or list names. */
const OPERATORS = new Set(["and", "or", "not", "in", "intersects", "pmatch", "startswith", "endswith", "contains", "icontains", "glob", "exists", "true", "false"]);
const ARGS = { servingNamespace: "serving", modelServerEgressPorts: [443], clusterNets: ["100.64.0.0/14", "169.254.169.254/32"] };

const unquoted = (text: string) => text.replace(/"[^"]*"/g, "");
const fieldsOf = (text: string) => [...unquoted(text).matchAll(/[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+/g)].map((m) => m[0]);
const namesOf = (condition: string) =>
    [...unquoted(condition).replace(/[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+/g, "").matchAll(/\b[a-z_][a-z0-9_]*\b/g)].map((m) => m[0]).filter((w) => !OPERATORS.has(w));

function conditions(items: FalcoRuleItem[]): string[] {
    return items.flatMap((i) => ("condition" in i && i.condition ? [i.condition] : []));
}

describe("Falco platform rules", () => {
    const items = platformRules(ARGS);
    const ours = { macros: items.flatMap((i) => ("macro" in i ? [i.macro] : [])), lists: items.flatMap((i) => ("list" in i ? [i.list] : [])) };

    it("references only macros and lists that exist at falco-rules 5.1.0 or in the file itself", () => {
        const known = new Set([...UPSTREAM.macros, ...UPSTREAM.lists, ...ours.macros, ...ours.lists]);
        const unknown = conditions(items).flatMap(namesOf).filter((n) => !known.has(n));
        expect(unknown).to.deep.equal([]);
        // The macros the brief's rules build on, and one that is only in the sandbox set.
        for (const m of ["open_write", "container", "spawned_process", "shell_procs", "outbound"]) expect(UPSTREAM.macros, m).to.include(m);
        expect(UPSTREAM.macros).to.not.include("bin_dir");
    });

    it("uses only fields the stable rules at that version use", () => {
        const texts = items.flatMap((i) => ("rule" in i ? [i.condition ?? "", i.output ?? ""] : "macro" in i ? [i.condition] : []));
        expect(texts.flatMap(fieldsOf).filter((f) => !UPSTREAM.fields.includes(f))).to.deep.equal([]);
    });

    it("raises the stable terminal-shell rule to WARNING by override, so it reaches Alertmanager", () => {
        expect(UPSTREAM.rules).to.include(TERMINAL_SHELL_RULE);
        const override = items.find((i) => "rule" in i && i.rule === TERMINAL_SHELL_RULE);
        expect(override).to.deep.equal({ rule: TERMINAL_SHELL_RULE, priority: "WARNING", override: { priority: "replace" } });
    });

    it("defines the three new rules, none clashing with an upstream name, at WARNING or above", () => {
        for (const name of Object.values(RULE_NAMES)) {
            expect(UPSTREAM.rules, name).to.not.include(name);
            const rule = items.find((i) => "rule" in i && i.rule === name) as { priority: string; condition: string; output: string };
            expect(["WARNING", "ERROR", "CRITICAL"], name).to.include(rule.priority);
            expect(rule.condition && rule.output, name).to.be.a("string");
        }
    });

    it("scopes the model-server rules to the serving namespace and lets the allowed ports through", () => {
        const outbound = items.find((i) => "rule" in i && i.rule === RULE_NAMES.modelServerOutbound) as { condition: string };
        expect(outbound.condition).to.match(/^outbound and mlplatform_model_server and not fd\.sport in \(mlplatform_model_server_egress_ports\)/);
        expect(items).to.deep.include({ list: "mlplatform_model_server_egress_ports", items: [443] });
        expect(items).to.deep.include({ list: "mlplatform_cluster_nets", items: ['"100.64.0.0/14"', '"169.254.169.254/32"'] });
        expect(outbound.condition).to.match(/and not fd\.snet in \(mlplatform_cluster_nets\)$/);
        expect(items).to.deep.include({ macro: "mlplatform_model_server", condition: '(container and k8s.ns.name = "serving")' });
    });

    it("renders as the YAML list Falco loads, with the same items", () => {
        expect(parse(platformRulesYaml(ARGS))).to.deep.equal(items);
    });
});
