/** Azure plans of the two stacks, planned once per test run through the shared cache. */
import type { PlannedStack } from "../../../automation/planStack";
import { inputsOf, ofType, okPlan, one, STACKS } from "../../support/plans";

export { inputsOf, STACKS };

export function azurePlan(stack: string, overrides?: Record<string, unknown>): Promise<PlannedStack> {
    return okPlan(stack, "azure", overrides);
}


export { ofType, one };
