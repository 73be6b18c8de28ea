import { resourceRule } from "../../../lib/rule";
import { cisEks } from "../../../lib/references";

/** The aws-auth ConfigMap is deprecated, and the creator's implicit admin is invisible in code. */
export default resourceRule({
    name: "aws-eks-access-entries",
    description: "EKS grants cluster access through access entries only, with no implicit admin for the creator.",
    category: "security",
    severity: "medium",
    enforcementLevel: "advisory",
    references: [cisEks("4.1.1")],
    remediationSteps: "Set accessConfig.authenticationMode to \"API\" and bootstrapClusterCreatorAdminPermissions to false; grant admins with aws.eks.AccessEntry.",
    types: ["aws:eks/cluster:Cluster"],
    check: ({ props, report }) => {
        const access = props.accessConfig ?? {};
        if (access.authenticationMode !== "API") {
            report(`accessConfig.authenticationMode is ${access.authenticationMode ?? "unset (CONFIG_MAP)"}; use "API".`);
        }
        if (access.bootstrapClusterCreatorAdminPermissions !== false) {
            report("The identity that creates the cluster gets implicit cluster-admin; set bootstrapClusterCreatorAdminPermissions to false.");
        }
    },
});
