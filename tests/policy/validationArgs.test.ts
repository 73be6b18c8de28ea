/** The argument bags match what @pulumi/policy 1.21's analyzer hands to policies, unknowns included. */
import { expect } from "chai";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { resourceValidationArgs, runResourcePolicy, runStackPolicy, stackValidationArgs, UNKNOWN } from "../../policy/lib/validationArgs";
import { RULES } from "../../policy/rules";

const bucket = { urn: "urn:pulumi:s::p::aws:s3/bucket:Bucket::b", type: "aws:s3/bucket:Bucket", name: "b", props: { tags: { a: "1" } }, protect: true, parent: "urn:parent" };
const pab = {
    urn: "urn:pulumi:s::p::aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock::b",
    type: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    name: "b",
    props: { bucket: UNKNOWN },
    propertyDependencies: { bucket: [bucket.urn] },
};

describe("policy validation args", () => {
    it("builds complete ResourceValidationArgs", () => {
        const args = resourceValidationArgs(bucket, { stackTags: { environment: "staging" }, config: { x: 1 } });
        expect(args).to.include({ type: bucket.type, urn: bucket.urn, name: "b" });
        expect(args.opts).to.deep.include({ protect: true, parent: "urn:parent", ignoreChanges: [], aliases: [], additionalSecretOutputs: [] });
        expect(args.opts.customTimeouts).to.deep.equal({ createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 });
        expect(args.stackTags.get("environment")).to.equal("staging");
        expect(args.getConfig()).to.deep.equal({ x: 1 });
        expect(args.props.tags.a).to.equal("1");
        expect(() => args.notApplicable("why")).to.throw();
        expect(args.isType({ __pulumiType: "aws:s3/bucket:Bucket" } as never)).to.equal(true);
        expect(args.asType({ __pulumiType: "aws:kms/key:Key" } as never)).to.equal(undefined);
    });

    it("links parents, dependencies and propertyDependencies in StackValidationArgs", () => {
        const args = stackValidationArgs([bucket, pab]);
        const [b, p] = args.resources;
        expect(p.propertyDependencies.bucket).to.deep.equal([b]);
        expect(args.stackTags.size).to.equal(0);
        expect(() => args.notApplicable()).to.throw();
    });

    it("throws on access to an unknown value, as during a real preview", async () => {
        const args = resourceValidationArgs(pab);
        expect(() => args.props.bucket).to.throw(/can't be known during preview/);
        const reader: ResourceValidationPolicy = { name: "reads-bucket", description: "d", validateResource: (a) => void a.props.bucket };
        const outcome = await runResourcePolicy(reader, pab);
        expect(outcome.cannotRun).to.match(/\.bucket/);
    });

    it("records notApplicable and keeps violations reported before it", async () => {
        const policy: StackValidationPolicy = {
            name: "na",
            description: "d",
            validateStack: (a, report) => {
                report("first", bucket.urn);
                a.notApplicable("nothing to check");
            },
        };
        const outcome = await runStackPolicy(policy, [bucket]);
        expect(outcome).to.deep.equal({ violations: [{ message: "first", urn: bucket.urn }], notApplicable: "nothing to check" });
    });

    it("stack policies link through propertyDependencies even when IDs are unknown", async () => {
        const pabRule = RULES.find((r) => r.name === "aws-s3-public-access-block")!;
        const outcome = await runStackPolicy(pabRule, [bucket, pab]);
        expect(outcome.cannotRun).to.equal(undefined);
        expect(outcome.violations.map((v) => v.message)).to.deep.equal(["Bucket b's public access block leaves blockPublicAcls, blockPublicPolicy, ignorePublicAcls, restrictPublicBuckets off."]);
    });
});
