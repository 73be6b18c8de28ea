/**
 * Exit codes of `npm run deploy`, in one place. 2 and 3 mean the same as in `npm run plan`, so a CI
 * step can treat an invalid config or a policy violation alike whichever command found it.
 */
export const EXIT = {
    ok: 0,
    failed: 1,
    invalidConfig: 2,
    policyViolation: 3,
    drift: 4,
    refused: 5,
    conflict: 6,
    prerequisite: 7,
    usage: 64,
} as const;

export type ExitReason = keyof typeof EXIT;
export type ExitCode = (typeof EXIT)[ExitReason];

export const EXIT_DESCRIPTIONS: Record<ExitReason, string> = {
    ok: "the operation succeeded (drift: no drift)",
    failed: "the Pulumi operation failed (a resource error, a program error, anything not listed below)",
    invalidConfig: "the program rejected the stack's configuration",
    policyViolation: "a mandatory policy of the policy pack was violated",
    drift: "drift: the cloud differs from the state, or the program differs from the state",
    refused: "refused: a production guard was not satisfied (approval, or the destroy confirmation)",
    conflict: "another update of the stack was still in progress after every retry",
    prerequisite: "a prerequisite is missing: the pulumi CLI, backend login, secrets passphrase or cloud credentials",
    usage: "bad command line",
};
