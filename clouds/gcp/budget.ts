/**
 * The stack's monthly Cloud Billing budget: scoped to the platform's project (by number, as the
 * API requires), notifying the team's addresses through e-mail notification channels, plus the
 * billing account's own admins. Budgets belong to the billing account (budget.gcpBillingAccount).
 */
import * as pulumi from "@pulumi/pulumi";
import { Budget as BillingBudget } from "@pulumi/gcp/billing";
import { NotificationChannel } from "@pulumi/gcp/monitoring";
import { Provider } from "@pulumi/gcp/provider";
import { budgetThresholds } from "../../components/budgetThresholds";
import { GcpComponent, labels, type GcpContext } from "./context";

export class Budget extends GcpComponent {
    readonly budget: BillingBudget;

    constructor(name: string, ctx: GcpContext, opts: pulumi.ComponentResourceOptions) {
        super("Budget", name, ctx, opts);
        const budget = ctx.spec.budget;
        const channels = budget.contactEmails.map(
            (email, i) =>
                new NotificationChannel(
                    `${name}-email-${i}`,
                    { project: ctx.project, type: "email", displayName: `${ctx.name} budget: ${email}`, labels: { email_address: email }, userLabels: labels(ctx) },
                    this.child(),
                ),
        );
        // The Budget API bills its quota to a project; with user credentials it answers 403 without one.
        const billing = new Provider(`${name}-billing`, { project: ctx.project, billingProject: ctx.project, userProjectOverride: true }, { parent: this });
        const [units, nanos] = splitAmount(budget.monthlyAmount);
        this.budget = new BillingBudget(
            name,
            {
                // The config checks it is set on GCP.
                billingAccount: budget.gcpBillingAccount!,
                displayName: `${ctx.name}-monthly`,
                budgetFilter: { projects: [pulumi.interpolate`projects/${ctx.projectNumber}`], calendarPeriod: "MONTH" },
                // No currency: the billing account's own (a different one is refused).
                amount: { specifiedAmount: { units, nanos } },
                thresholdRules: budgetThresholds(budget).map((t) => ({
                    thresholdPercent: t.percent / 100,
                    spendBasis: t.basis === "actual" ? "CURRENT_SPEND" : "FORECASTED_SPEND",
                })),
                allUpdatesRule: { monitoringNotificationChannels: channels.map((c) => c.id), disableDefaultIamRecipients: false },
            },
            { parent: this, provider: billing, dependsOn: [...ctx.apis, ...channels] },
        );
        this.registerOutputs({ budget: this.budget.name });
    }
}

/** Whole units as a string and the fraction in nanos, as the Money type takes them. */
function splitAmount(amount: number): [string, number] {
    const units = Math.floor(amount);
    return [String(units), Math.round((amount - units) * 1e9)];
}
