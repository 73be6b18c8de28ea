import { resourceRule } from "../../../lib/rule";
import { platform } from "../../../lib/references";

export default resourceRule({
    name: "azure-redis-high-availability",
    description: "Production Azure caches are replicated (Managed Redis high availability, or a Standard/Premium cache).",
    category: "availability",
    severity: "medium",
    environmentAware: true,
    references: [platform("production-high-availability")],
    remediationSteps: "Leave highAvailability \"Enabled\" on Azure Managed Redis; use the Standard or Premium SKU for Azure Cache for Redis.",
    types: ["azure-native:redisenterprise:RedisEnterprise", "azure-native:redis:Redis"],
    check: ({ type, props, environment, report }) => {
        if (environment !== "production") return;
        if (type === "azure-native:redis:Redis") {
            if (props.sku?.name === "Basic") report("The production cache uses the Basic SKU: no replica.");
        } else if (props.highAvailability === "Disabled") {
            report("High availability is disabled on the production cache.");
        }
    },
});
