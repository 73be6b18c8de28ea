import type { PolicyResource } from "@pulumi/policy";
import { stackRule } from "../../lib/rule";
import { known } from "../../lib/unknown";
import { platform } from "../../lib/references";

const AWS_BUDGET = "aws:budgets/budget:Budget";
const GCP_BUDGET = "gcp:billing/budget:Budget";
const AZURE_BUDGET = "azure-native:consumption:Budget";
/** A stack that builds one of these is a platform stack and pays for it. */
const CLUSTERS = ["aws:eks/cluster:Cluster", "gcp:container/cluster:Cluster", "azure-native:containerservice:ManagedCluster"];

/** Whether the budget tells someone: subscribers on AWS, threshold rules and a channel on GCP, contacts on Azure. */
function notifies(budget: PolicyResource): boolean {
    const p = budget.props;
    switch (budget.type) {
        case AWS_BUDGET:
            return ((known(() => p.notifications) ?? []) as { subscriberEmailAddresses?: string[]; subscriberSnsTopicArns?: string[] }[]).some(
                (n) => (n.subscriberEmailAddresses?.length ?? 0) + (n.subscriberSnsTopicArns?.length ?? 0) > 0,
            );
        case GCP_BUDGET: {
            const rule = known(() => p.allUpdatesRule) as { monitoringNotificationChannels?: string[]; pubsubTopic?: string } | undefined;
            return ((known(() => p.thresholdRules) ?? []) as unknown[]).length > 0 && ((rule?.monitoringNotificationChannels?.length ?? 0) > 0 || rule?.pubsubTopic !== undefined);
        }
        default:
            return Object.values((known(() => p.notifications) ?? {}) as Record<string, { enabled?: boolean; contactEmails?: string[]; contactGroups?: string[] }>).some(
                (n) => n.enabled !== false && (n.contactEmails?.length ?? 0) + (n.contactGroups?.length ?? 0) > 0,
            );
    }
}

export default stackRule({
    name: "stack-budget",
    description: "Every platform stack has a cost budget that notifies someone (AWS Budgets, a GCP billing budget, an Azure consumption budget).",
    category: "governance",
    severity: "medium",
    references: [platform("cost")],
    remediationSteps: "Set budget.monthlyAmount and budget.contactEmails in the stack config; the foundation creates the budget.",
    types: [AWS_BUDGET, GCP_BUDGET, AZURE_BUDGET, ...CLUSTERS],
    check: (args, { report }) => {
        const cluster = args.resources.find((r) => CLUSTERS.includes(r.type));
        if (!cluster) return;
        const budgets = args.resources.filter((r) => [AWS_BUDGET, GCP_BUDGET, AZURE_BUDGET].includes(r.type));
        if (budgets.length === 0) report("The stack has no cost budget.", cluster.urn);
        for (const b of budgets) if (!notifies(b)) report(`Budget ${b.name} notifies nobody.`, b.urn);
    },
});
