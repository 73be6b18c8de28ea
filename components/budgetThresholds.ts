/**
 * The budget's notifications as plain data, shared by the three clouds' budgets: one per threshold,
 * on actual spend or on the month's forecast, in percent of the monthly amount.
 */
import type { BudgetConfig } from "./config";

export interface BudgetThreshold {
    percent: number;
    basis: "actual" | "forecast";
}

export function budgetThresholds(budget: BudgetConfig): BudgetThreshold[] {
    return [
        ...budget.actualThresholds.map((percent) => ({ percent, basis: "actual" as const })),
        ...budget.forecastThresholds.map((percent) => ({ percent, basis: "forecast" as const })),
    ];
}
