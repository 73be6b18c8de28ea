/**
 * The stack's monthly cost budget (AWS Budgets) with e-mail notifications at the configured
 * thresholds. Each stack has its own account (the stack files name different accounts), so the
 * budget covers the account. Optionally activates the platform's tags as cost allocation tags.
 */
import * as pulumi from "@pulumi/pulumi";
import { Budget as AwsBudget } from "@pulumi/aws/budgets";
import { CostAllocationTag } from "@pulumi/aws/costexplorer";
import { budgetThresholds } from "../../components/budgetThresholds";
import { AwsComponent, tags, type AwsContext } from "./context";

/** The tags cost reports group by; every taggable resource carries them (components/config). */
export const COST_ALLOCATION_TAG_KEYS = ["project", "stack", "environment", "cost-center"] as const;

export class Budget extends AwsComponent {
    readonly budget: AwsBudget;

    constructor(name: string, ctx: AwsContext, opts: pulumi.ComponentResourceOptions) {
        super("Budget", name, ctx, opts);
        const budget = ctx.spec.budget;
        this.budget = new AwsBudget(
            name,
            {
                name,
                budgetType: "COST",
                // AWS Budgets tracks cost budgets in US dollars.
                limitAmount: budget.monthlyAmount.toFixed(2),
                limitUnit: "USD",
                timeUnit: "MONTHLY",
                notifications: budgetThresholds(budget).map((t) => ({
                    comparisonOperator: "GREATER_THAN",
                    threshold: t.percent,
                    thresholdType: "PERCENTAGE",
                    notificationType: t.basis === "actual" ? "ACTUAL" : "FORECASTED",
                    subscriberEmailAddresses: [...budget.contactEmails],
                })),
                tags: tags(ctx),
            },
            this.child(),
        );
        if (budget.activateCostAllocationTags) {
            for (const tagKey of COST_ALLOCATION_TAG_KEYS) {
                new CostAllocationTag(`${name}-${tagKey}`, { tagKey, status: "Active" }, this.child());
            }
        }
        this.registerOutputs({ budget: this.budget.name });
    }
}
