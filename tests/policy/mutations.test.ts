/**
 * Careless changes, applied one at a time to the captured plans and evaluated by the pack exactly
 * as `npm run plan` evaluates them (evaluatePolicies with the stack's environment and config): each
 * must raise a mandatory violation of the named policy on the changed (or added) resource. The
 * unmutated plans stay at zero mandatory violations, no rule is inert, and every rule has a row.
 * A new rule or platform component adds its rows here.
 */
import * as fs from "fs";
import * as path from "path";
import { expect } from "chai";
import { parse } from "yaml";
import type { CapturedResource } from "../../automation/capture";
import { listStacks } from "../../automation/stackConfig";
import { readPackConfig, ruleConfig } from "../../policy/lib/packConfig";
import { scopeOf } from "../../policy/lib/rule";
import { defaultConfigFile, evaluatePolicies } from "../../policy/offline";
import { RULES } from "../../policy/rules";
import { okPlan, STACKS } from "../support/plans";
import { MUTATIONS, type Cloud, type Stack } from "./mutationTable";

const CLOUDS: readonly Cloud[] = ["aws", "gcp", "azure"];

describe("careless changes to the captured plans", function () {
    this.timeout(300_000);
    const plans = new Map<string, CapturedResource[]>();
    const planOf = (stack: Stack, cloud: Cloud) => plans.get(`${stack}/${cloud}`)!;

    before(async () => {
        for (const stack of STACKS) for (const cloud of CLOUDS) plans.set(`${stack}/${cloud}`, (await okPlan(stack, cloud)).resources);
    });

    for (const m of MUTATIONS) {
        for (const cloud of m.clouds) {
            for (const stack of m.stacks ?? ["production"]) {
                it(`${m.policy} on ${cloud} ${stack}: ${m.change}`, async () => {
                    const edit = m.apply(planOf(stack, cloud), { cloud, stack });
                    // Only the policy under test: rules run independently, so its violations are those of a whole run.
                    const report = await evaluatePolicies(edit.resources, { stack, environment: stack, only: [m.policy] });
                    const fired = report.violations.filter((v) => v.policy === m.policy && v.level === "mandatory");
                    expect(fired, `${m.policy} did not fire`).to.not.be.empty;
                    if (edit.urn) expect(fired.map((v) => v.urn), "the violation names another resource").to.include(edit.urn);
                });
            }
        }
    }

    it("a policy evaluated alone (`only`, as the rows above) reports what it reports in a whole run", async () => {
        for (const cloud of CLOUDS) {
            const m = MUTATIONS.find((x) => x.clouds.includes(cloud) && !x.stacks)!;
            const edit = m.apply(planOf("production", cloud), { cloud, stack: "production" });
            const whole = await evaluatePolicies(edit.resources, { stack: "production", environment: "production" });
            const alone = await evaluatePolicies(edit.resources, { stack: "production", environment: "production", only: [m.policy] });
            expect(alone.violations, m.policy).to.deep.equal(whole.violations.filter((v) => v.policy === m.policy)).and.not.be.empty;
        }
    });

    it("has a row for every rule of the pack", () => {
        const covered = new Set(MUTATIONS.map((m) => m.policy));
        expect(RULES.map((r) => r.name).filter((n) => !covered.has(n))).to.deep.equal([]);
    });

    it("leaves no rule inert: each applies to a planned type, or says it guards team-deployed resources", async () => {
        const planned = new Set([...plans.values()].flat().filter((r) => r.custom).map((r) => r.type));
        const inert = RULES.filter((r) => !scopeOf(r).types.some((t) => planned.has(t)));
        const unexplained = inert.filter((r) => scopeOf(r).guards !== "team-deployed" && !scopeOf(r).awaitingTypes).map((r) => r.name);
        expect(unexplained, "rules that apply to nothing the platform plans").to.deep.equal([]);
        for (const r of inert.filter((r) => scopeOf(r).guards === "team-deployed")) expect(r.description, r.name).to.match(/team-deployed/);
        const stale = RULES.filter((r) => scopeOf(r).awaitingTypes && scopeOf(r).types.some((t) => planned.has(t))).map((r) => r.name);
        expect(stale, "its types are planned now: remove awaitingTypes").to.deep.equal([]);
    });

    it("allows a public gateway in the pack config exactly where the stack's config says external", () => {
        for (const stack of listStacks()) {
            const file = parse(fs.readFileSync(path.join(__dirname, "../../", `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, Record<string, unknown>> };
            const environment = String(file.config["ml-platform:environment"]);
            const external = file.config["ml-platform:platform"]?.gatewayExposure === "external";
            const config = readPackConfig(defaultConfigFile(environment));
            const lb = RULES.find((r) => r.name === "k8s-load-balancer-internal")!;
            expect((ruleConfig(lb, config).publicLoadBalancers as string[]).includes("istio-ingress/gateway"), `${stack}: publicLoadBalancers`).to.equal(external);
            for (const name of ["gcp-firewall-no-world-ingress", "azure-nsg-no-world-inbound"]) {
                const ports = (ruleConfig(RULES.find((r) => r.name === name)!, config).publicPorts ?? []) as number[];
                expect(ports.length > 0, `${stack}: ${name}.publicPorts`).to.equal(external);
            }
        }
    });
});
