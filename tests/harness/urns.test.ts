import { expect } from "chai";
import * as fs from "fs";
import { CLOUDS, SNAPSHOT, STACKS, type UrnSnapshot } from "../../scripts/urns";
import { okPlan } from "../support/plans";

/**
 * Resource-name stability: a URN that disappears is a resource a real deployment would delete and
 * recreate (a database, a bucket, a namespace with everything in it). A resource whose URN changed
 * on purpose keeps its place by an alias to the old URN.
 */
describe("resource names (URN snapshot)", () => {
    const snapshot = JSON.parse(fs.readFileSync(SNAPSHOT, "utf8")) as UrnSnapshot;

    it("covers the six plans", () => {
        expect(Object.keys(snapshot).sort()).to.deep.equal(STACKS.flatMap((s) => CLOUDS.map((c) => `${s}/${c}`)).sort());
    });

    for (const stack of STACKS) {
        for (const cloud of CLOUDS) {
            it(`${stack}/${cloud}: every snapshot URN is still registered (or aliased) and no unlisted URN appears`, async () => {
                const plan = await okPlan(stack, cloud);
                const current = new Set(plan.resources.map((r) => r.urn));
                const aliased = new Set(plan.resources.flatMap((r) => (r.aliases ?? []).filter((a) => a.startsWith("urn:pulumi:"))));
                const expected = new Set(snapshot[`${stack}/${cloud}`]);
                const missing = [...expected].filter((u) => !current.has(u) && !aliased.has(u));
                const unlisted = [...current].filter((u) => !expected.has(u) && !plan.resources.find((r) => r.urn === u)!.aliases?.some((a) => expected.has(a)));
                const report = [
                    ...missing.map((u) => `- ${u}`),
                    ...unlisted.map((u) => `+ ${u}`),
                ].join("\n");
                expect(
                    missing.length + unlisted.length,
                    `URNs differ from ${SNAPSHOT} (- would be deleted, + is new):\n${report}\n` +
                        "A renamed resource needs an `alias` to its old URN; new resources are added deliberately with `npm run -s urns:update`.",
                ).to.equal(0);
            });
        }
    }
});
