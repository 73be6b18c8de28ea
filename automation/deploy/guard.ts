/**
 * The production guards: what a mode needs before it may touch a production stack.
 */
import { APPROVE_ENV, type DeployRequest, type Mode } from "./args";
import type { StackFacts } from "./stackFacts";

/** Modes that change the stack's state or resources. */
const MUTATING: readonly Mode[] = ["up", "refresh", "destroy"];

export type GuardDecision = { allowed: true } | { allowed: false; reason: string };

export function checkProductionGuard(request: DeployRequest, facts: StackFacts): GuardDecision {
    if (!facts.isProduction || !MUTATING.includes(request.mode)) return { allowed: true };
    if (!request.approveProduction) {
        return {
            allowed: false,
            reason:
                `refusing to ${request.mode} production stack "${facts.stack}" without approval: ` +
                `pass --approve-production or set ${APPROVE_ENV}=true (CI sets it only in the job behind the reviewed "production" environment)`,
        };
    }
    if (request.mode === "destroy" && !request.confirmProductionDestroy) {
        return {
            allowed: false,
            reason:
                `refusing to destroy production stack "${facts.stack}": approval is not enough, ` +
                `destroying production also needs the separate flag --confirm-production-destroy`,
        };
    }
    return { allowed: true };
}
