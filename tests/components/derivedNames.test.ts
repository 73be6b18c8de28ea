import { expect } from "chai";
import { ConfigError, parsePlatformConfig, rawConfigFrom } from "../../components/config";
import { DERIVED_NAMES } from "../../components/config/derivedNames";
import { loadStackConfig } from "../../automation/stackConfig";
import { inputsOf, okPlan } from "../support/plans";

/** The production stack's config, read as the program reads it, under another stack name. */
function parseAs(stack: string, cloud = "aws") {
    const { project, config } = loadStackConfig("production", { cloud });
    const raw = rawConfigFrom(config);
    return () => parsePlatformConfig(raw, project, stack);
}

function problems(stack: string): string[] {
    try {
        parseAs(stack)();
    } catch (err) {
        expect(err).to.be.instanceOf(ConfigError);
        return [...(err as ConfigError).problems];
    }
    return [];
}

describe("names derived from the stack name", () => {
    it("refuses a stack name that makes the ElastiCache id longer than 40 and the RDS identifier longer than 63", () => {
        const found = problems("a".repeat(46));
        expect(found.find((p) => p.includes("ElastiCache replication group id"))).to.match(/^the stack name "a{46}": .*\(64 characters\), at most 40 allowed; use a stack name of at most 22 characters/);
        expect(found.find((p) => p.includes("RDS instance identifier"))).to.match(/\(67 characters\), at most 63 allowed; use a stack name of at most 42 characters/);
    });

    it("accepts the longest stack name that fits both", () => {
        expect(problems("a".repeat(22))).to.deep.equal([]);
        expect(problems("a".repeat(23))).to.have.length(1);
    });

    it("refuses an underscore, a period or a doubled hyphen, which the AWS identifiers refuse", () => {
        for (const stack of ["prod_eu", "prod.eu", "prod--eu"]) {
            const found = problems(stack);
            expect(found, stack).to.have.length(2);
            for (const p of found) expect(p).to.match(new RegExp(`^the stack name "${stack.replace(".", "\\.")}": .*may hold only letters, digits and single hyphens`));
        }
    });

    it("does not apply the AWS limits on another cloud", () => {
        // 25 characters: past ElastiCache's room (22), within GCP's (28) and Azure's (34).
        expect(() => parseAs("a".repeat(25), "gcp")()).to.not.throw();
        expect(() => parseAs("a".repeat(25), "azure")()).to.not.throw();
    });

    it("derives exactly the names the AWS foundation registers", async () => {
        const p = await okPlan("production", "aws");
        const derived = (what: string) => DERIVED_NAMES.find((d) => d.what === what)!.derive("ml-platform", "production");
        expect(inputsOf(p, "aws:elasticache/replicationGroup:ReplicationGroup").replicationGroupId).to.equal(derived("ElastiCache replication group id"));
        expect(inputsOf(p, "aws:rds/instance:Instance").identifier).to.equal(derived("RDS instance identifier"));
    });
});
