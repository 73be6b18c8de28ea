/** Azure plans of the two stacks, planned once per test run through the shared cache. */
import { mockState } from "../../../automation/mocks";
import type { PlannedStack } from "../../../automation/planStack";
import { readStackFile } from "../../../automation/stackConfig";
import { inputsOf, ofType, okPlan, one, STACKS } from "../../support/plans";

export { inputsOf, STACKS };

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

export function mergedSections(stack: string, patch: Record<string, Record<string, unknown>>): Record<string, unknown> {
    const config = readStackFile(stack)?.config ?? {};
    return Object.fromEntries(Object.entries(patch).map(([section, values]) => [section, { ...(config[`ml-platform:${section}`] ?? {}), ...values }]));
}

/** The /32 of every NAT gateway public IP, as ARM (the mock) assigns them. */
export function natEgressRanges(p: PlannedStack): string[] {
    return ofType(p, "azure-native:network:PublicIPAddress").map((ip) => `${mockState(ip.type, ip.name, ip.inputs).ipAddress}/32`);
}
