import { resourceRule } from "../../lib/rule";
import { asArray } from "../../lib/values";
import { checkov, cisK8s } from "../../lib/references";

const BINDINGS = ["kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding", "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding"];

interface RbacRule {
    verbs?: string[];
    resources?: string[];
    apiGroups?: string[];
}

export default resourceRule({
    name: "k8s-rbac-least-privilege",
    description: "Nothing is bound to cluster-admin, and roles grant no wildcard verbs or resources. Guards team-deployed resources: the platform's own RBAC comes from its charts; teams' Roles and bindings are checked here.",
    guards: "team-deployed",
    category: "security",
    severity: "high",
    references: [cisK8s("5.1.1"), cisK8s("5.1.3"), checkov("CKV_K8S_49"), checkov("CKV_K8S_155")],
    remediationSteps: "Bind a role listing the verbs and resources needed; grant administrators access through the cloud's IAM (access entries, Azure RBAC, GKE IAM).",
    types: [...BINDINGS, "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole", "kubernetes:rbac.authorization.k8s.io/v1:Role"],
    check: ({ type, props, report }) => {
        if (BINDINGS.includes(type)) {
            if (props.roleRef?.name === "cluster-admin") report("The binding grants cluster-admin.");
            return;
        }
        for (const rule of asArray<RbacRule>(props.rules)) {
            if (asArray(rule.verbs).includes("*")) report(`A rule grants every verb on ${asArray(rule.resources).join(", ") || "?"}.`);
            if (asArray(rule.resources).includes("*")) report("A rule grants access to every resource type.");
        }
    },
});
