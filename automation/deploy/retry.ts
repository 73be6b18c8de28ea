/**
 * Bounded retry with exponential backoff, for a stack another update is holding.
 */
export interface RetryPolicy {
    /** Retries after the first attempt. */
    retries: number;
    /** Delay before the first retry; doubled for each later one. */
    baseDelayMs: number;
    maxDelayMs?: number;
    sleep: (ms: number) => Promise<void>;
    onRetry?: (attempt: number, delayMs: number, error: unknown) => void;
}

export interface RetryOutcome<T> {
    result: T;
    attempts: number;
}

export class RetriesExhaustedError extends Error {
    constructor(
        readonly attempts: number,
        readonly lastError: unknown,
    ) {
        super(`gave up after ${attempts} attempt(s): ${(lastError as Error)?.message ?? String(lastError)}`);
        this.name = "RetriesExhaustedError";
    }
}

export function backoffDelay(retry: number, policy: Pick<RetryPolicy, "baseDelayMs" | "maxDelayMs">): number {
    const delay = policy.baseDelayMs * 2 ** (retry - 1);
    return Math.min(delay, policy.maxDelayMs ?? Number.POSITIVE_INFINITY);
}

/** Runs `operation`; when `isRetryable` says so, waits and tries again, at most `retries` more times. */
export async function withRetry<T>(operation: () => Promise<T>, isRetryable: (err: unknown) => boolean, policy: RetryPolicy): Promise<RetryOutcome<T>> {
    for (let attempt = 1; ; attempt++) {
        try {
            return { result: await operation(), attempts: attempt };
        } catch (err) {
            if (!isRetryable(err)) throw err;
            if (attempt > policy.retries) throw new RetriesExhaustedError(attempt, err);
            const delay = backoffDelay(attempt, policy);
            policy.onRetry?.(attempt, delay, err);
            await policy.sleep(delay);
        }
    }
}

export const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
