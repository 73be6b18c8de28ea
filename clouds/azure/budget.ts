/**
 * The stack's monthly consumption budget: at subscription scope, filtered to the platform's
 * resource group and the AKS node resource group (where the VMs, disks and load balancers are
 * billed), notifying the team's addresses at the configured thresholds.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ManagedCluster } from "@pulumi/azure-native/containerservice";
import { Budget as ConsumptionBudget } from "@pulumi/azure-native/consumption";
import { budgetThresholds } from "../../components/budgetThresholds";
import { AzureComponent, type AzureContext } from "./context";

export class Budget extends AzureComponent {
    readonly budget: ConsumptionBudget;

    constructor(name: string, ctx: AzureContext, args: { cluster: ManagedCluster }, opts: pulumi.ComponentResourceOptions) {
        super("Budget", name, ctx, opts);
        const budget = ctx.spec.budget;
        const notifications = Object.fromEntries(
            budgetThresholds(budget).map((t) => [
                `${t.basis}-${t.percent}`,
                {
                    enabled: true,
                    operator: "GreaterThan",
                    threshold: t.percent,
                    thresholdType: t.basis === "actual" ? "Actual" : "Forecasted",
                    contactEmails: [...budget.contactEmails],
                },
            ]),
        );
        const groups = pulumi.all([ctx.resourceGroupName, args.cluster.nodeResourceGroup]).apply(([rg, nodes]) => (nodes ? [rg, nodes] : [rg]));
        this.budget = new ConsumptionBudget(
            name,
            {
                budgetName: `${ctx.name}-monthly`,
                scope: pulumi.interpolate`/subscriptions/${ctx.subscriptionId}`,
                amount: budget.monthlyAmount,
                category: "Cost",
                timeGrain: "Monthly",
                // Azure takes the first of a month no earlier than the current one at creation; the
                // start is kept afterwards, so later runs in other months do not try to move it.
                timePeriod: { startDate: firstOfThisMonth() },
                filter: { dimensions: { name: "ResourceGroupName", operator: "In", values: groups } },
                notifications,
            },
            this.child({ ignoreChanges: ["timePeriod.startDate"] }),
        );
        this.registerOutputs({ budget: this.budget.name });
    }
}

function firstOfThisMonth(): string {
    const now = new Date();
    return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString().replace(".000Z", "Z");
}
