import { resourceRule } from "../../../lib/rule";
import { platform } from "../../../lib/references";

export default resourceRule({
    name: "gcp-cloudsql-high-availability",
    description: "Production Cloud SQL instances are regional (HA) and protected from deletion.",
    category: "availability",
    severity: "medium",
    environmentAware: true,
    references: [platform("production-high-availability")],
    remediationSteps: "Set settings.availabilityType: \"REGIONAL\" and keep deletionProtection (and settings.deletionProtectionEnabled) true.",
    types: ["gcp:sql/databaseInstance:DatabaseInstance"],
    check: ({ props, environment, report }) => {
        if (environment !== "production") return;
        if (props.settings?.availabilityType !== "REGIONAL") report("The production instance is zonal: set settings.availabilityType to REGIONAL.");
        if (props.deletionProtection === false) report("The production instance has Pulumi-side deletion protection off.");
    },
});
