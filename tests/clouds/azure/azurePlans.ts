/** Azure plans of the two stacks, planned once per test run through the shared cache. */
import type { PlannedStack } from "../../../automation/planStack";
import { ofType, okPlan, one } from "../../support/plans";

export const STACKS = ["staging", "production"] as const;

export function azurePlan(stack: string, overrides?: Record<string, unknown>): Promise<PlannedStack> {
    return okPlan(stack, "azure", overrides);
}

export function inputsOf(p: PlannedStack, type: string): Record<string, any> {
    return one(p, type).inputs as Record<string, any>;
}

export { ofType, one };
