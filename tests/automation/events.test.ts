import { expect } from "chai";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { EngineEventCollector } from "../../automation/deploy/events";

const violation = (sequence: number): EngineEvent =>
    ({
        sequence,
        timestamp: 0,
        policyEvent: { policyName: "tags-present", policyPackName: "ml-platform", policyPackVersion: "1", policyPackVersionTag: "1", enforcementLevel: "advisory", message: "missing tag", color: "never", resourceUrn: "urn:pulumi:s::p::t::n" },
    }) as unknown as EngineEvent;

describe("engine event collector", () => {
    // @logdna/tail-file's quit() polls once more while a scheduled poll may still be streaming from
    // the same offset, so the Automation API can deliver the log's last lines twice.
    it("counts an event delivered twice (same sequence number) once", () => {
        const c = new EngineEventCollector();
        c.handle(violation(7));
        c.handle(violation(7));
        expect(c.violations).to.have.length(1);
    });

    it("keeps distinct events with equal content", () => {
        const c = new EngineEventCollector();
        c.handle(violation(7));
        c.handle(violation(8));
        expect(c.violations).to.have.length(2);
    });
});
