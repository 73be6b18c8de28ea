import { expect } from "chai";
import { commentMarker, renderMarkdown } from "../../automation/deploy/markdown";
import type { DeploySummary } from "../../automation/deploy/report";

const base: DeploySummary = {
    mode: "preview",
    stack: "production",
    project: "ml-platform",
    environment: "production",
    result: "ok",
    exitCode: 0,
    message: null,
    startedAt: "2026-12-01T00:00:00.000Z",
    durationSeconds: 12,
    attempts: 1,
    policyPack: { path: "policy", config: "policy/config/production.json", configSource: "environment" },
    changes: { create: 2, update: 1, same: 40 },
    changesByType: { "aws:rds/instance:Instance": { update: 1 }, "aws:s3/bucketV2:BucketV2": { create: 2 } },
    policyViolations: [],
};

describe("deploy summary as Markdown (job summary and pull-request comment)", () => {
    it("starts with the stack's comment marker and shows the changes by type and the policy verdict", () => {
        const md = renderMarkdown(base, { commit: "abc1234" });
        expect(md.startsWith(commentMarker("production"))).to.equal(true);
        expect(md).to.contain("3 resource(s) to change");
        expect(md).to.match(/\| `aws:s3\/bucketV2:BucketV2` \| 2 \| {2}\|/);
        expect(md).to.match(/\| Type \| create \| update \|/);
        expect(md).to.contain("**policy: passed**, 0 advisory (config `policy/config/production.json`, from the environment)");
        expect(md).to.contain("abc1234");
    });

    it("says when the policy pack failed and lists the violations", () => {
        const md = renderMarkdown({
            ...base,
            result: "policyViolation",
            exitCode: 3,
            message: "mandatory policy violation: aws-s3-public-access-block",
            policyViolations: [{ policy: "aws-s3-public-access-block", pack: "ml-platform", level: "mandatory", urn: "urn:pulumi:production::ml-platform::aws:s3/bucketV2:BucketV2::logs", message: "no\npublic access block" }],
        });
        expect(md).to.contain("**policyViolation** (exit 3)");
        expect(md).to.contain("**policy: failed**, 1 mandatory violation(s)");
        expect(md).to.contain("- **mandatory** `aws-s3-public-access-block` on `logs`: no public access block");
    });

    it("says there are no changes instead of an empty table", () => {
        const md = renderMarkdown({ ...base, changes: { same: 40 }, changesByType: {} });
        expect(md).to.contain("no changes");
        expect(md).to.contain("No resource changes.");
        expect(md).to.not.contain("| Type |");
    });
});
