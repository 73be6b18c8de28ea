import { expect } from "chai";
import { backoffDelay, RetriesExhaustedError, withRetry } from "../../automation/deploy/retry";

describe("withRetry", () => {
    const retryable = (err: unknown) => (err as Error).message === "locked";

    it("doubles the delay and caps it", () => {
        const policy = { baseDelayMs: 1000, maxDelayMs: 5000 };
        expect([1, 2, 3, 4].map((n) => backoffDelay(n, policy))).to.deep.equal([1000, 2000, 4000, 5000]);
    });

    it("stops after the bounded number of retries", async () => {
        let calls = 0;
        const sleeps: number[] = [];
        const attempt = withRetry(
            async () => {
                calls++;
                throw new Error("locked");
            },
            retryable,
            { retries: 2, baseDelayMs: 10, sleep: async (ms) => void sleeps.push(ms) },
        );
        const err = await attempt.then(
            () => undefined,
            (e: unknown) => e,
        );
        expect(err).to.be.instanceOf(RetriesExhaustedError);
        expect((err as RetriesExhaustedError).attempts).to.equal(3);
        expect(calls).to.equal(3);
        expect(sleeps).to.deep.equal([10, 20]);
    });

    it("rethrows a failure that is not retryable at once", async () => {
        let calls = 0;
        const err = await withRetry(
            async () => {
                calls++;
                throw new Error("broken");
            },
            retryable,
            { retries: 5, baseDelayMs: 10, sleep: async () => undefined },
        ).then(
            () => undefined,
            (e: unknown) => e,
        );
        expect((err as Error).message).to.equal("broken");
        expect(calls).to.equal(1);
    });
});
