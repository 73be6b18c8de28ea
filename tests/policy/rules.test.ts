/**
 * Every rule of the pack against its fixtures: each violating example must be caught (with the
 * expected message), each compliant one must pass. A rule without both kinds fails the suite.
 */
import { expect } from "chai";
import { RULES } from "../../policy/rules";
import { violations } from "./harness";
import { AWS_CASES } from "./cases/aws";
import { AZURE_CASES } from "./cases/azure";
import { GCP_CASES } from "./cases/gcp";
import { HELM_CASES } from "./cases/helm";
import { KUBERNETES_CASES } from "./cases/kubernetes";
import { STACK_CASES } from "./cases/stack";
import type { RuleCase } from "./cases/types";

const ALL: Record<string, RuleCase[]> = {
    aws: AWS_CASES,
    gcp: GCP_CASES,
    azure: AZURE_CASES,
    kubernetes: KUBERNETES_CASES,
    helm: HELM_CASES,
    stack: STACK_CASES,
};

describe("policy rules", () => {
    for (const [vendor, cases] of Object.entries(ALL)) {
        describe(vendor, () => {
            for (const { rule, compliant, violating } of cases) {
                describe(rule.name, () => {
                    for (const example of violating) {
                        it(`catches: ${example.why}`, async () => {
                            const found = await violations(rule, example.fixture, example.options);
                            expect(found, "no violation reported").to.not.be.empty;
                            if (example.expect) expect(found.join("\n")).to.match(example.expect);
                        });
                    }
                    for (const example of compliant) {
                        it(`passes: ${example.why}`, async () => {
                            expect(await violations(rule, example.fixture, example.options)).to.deep.equal([]);
                        });
                    }
                });
            }
        });
    }

    it("covers every rule with at least one violating and one compliant example", () => {
        const cases = Object.values(ALL).flat();
        const incomplete = RULES.filter((r) => !cases.some((c) => c.rule === r && c.violating.length > 0 && c.compliant.length > 0)).map((r) => r.name);
        expect(incomplete).to.deep.equal([]);
        expect(cases.map((c) => c.rule).filter((r) => r === undefined), "a case names a rule that does not exist").to.be.empty;
    });

    it("has at least 45 rules with unique names and complete metadata", () => {
        expect(RULES.length).to.be.at.least(45);
        expect(new Set(RULES.map((r) => r.name)).size).to.equal(RULES.length);
        for (const r of RULES) {
            expect(r.description, r.name).to.be.a("string").and.not.empty;
            expect(r.remediationSteps, r.name).to.be.a("string").and.not.empty;
            expect(r.severity, r.name).to.be.oneOf(["low", "medium", "high", "critical"]);
            expect(r.framework?.reference, r.name).to.be.a("string").and.not.empty;
            expect(r.tags?.[0], r.name).to.be.oneOf(["security", "availability", "governance"]);
        }
    });
});
