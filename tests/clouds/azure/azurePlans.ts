/** Azure plans of the two stacks, planned once per test run through the shared cache. */
import { mockState } from "../../../automation/mocks";
import type { PlannedStack } from "../../../automation/planStack";
import { inputsOf, mergedSections, ofType, okPlan, one, STACKS } from "../../support/plans";

export { inputsOf, mergedSections, STACKS };

export function azurePlan(stack: string, overrides?: Record<string, unknown>): Promise<PlannedStack> {
    return okPlan(stack, "azure", overrides);
}

export { ofType, one };

/**
 * The stack planned on Azure with some keys of its config sections changed (each section is merged
 * with the stack file's, not replaced); a value of undefined removes that key.
 */
export function azurePlanWith(stack: string, patch: Record<string, Record<string, unknown>>): Promise<PlannedStack> {
    return azurePlan(stack, mergedSections(stack, patch));
}

/** The /32 of every NAT gateway public IP, as ARM (the mock) assigns them. */
export function natEgressRanges(p: PlannedStack): string[] {
    return ofType(p, "azure-native:network:PublicIPAddress").map((ip) => `${mockState(ip.type, ip.name, ip.inputs).ipAddress}/32`);
}
