import { resourceRule } from "../../../lib/rule";
import { platform } from "../../../lib/references";

export default resourceRule({
    name: "gcp-memorystore-high-availability",
    description: "Production Memorystore instances use the Standard (replicated, failover) tier.",
    category: "availability",
    severity: "medium",
    environmentAware: true,
    references: [platform("production-high-availability")],
    remediationSteps: "Set tier: \"STANDARD_HA\" (and replicaCount) for production.",
    types: ["gcp:redis/instance:Instance"],
    check: ({ props, environment, report }) => {
        if (environment === "production" && props.tier !== "STANDARD_HA") report(`The production cache tier is ${props.tier ?? "BASIC"}: no failover.`);
    },
});
