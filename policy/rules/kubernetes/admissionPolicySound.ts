import { resourceRule } from "../../lib/rule";
import { platform } from "../../lib/references";
import { asArray } from "../../lib/values";

const POLICY = "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy";
const BINDING = "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding";

/**
 * A ValidatingAdmissionPolicy that ignores its own failures admits whatever it cannot evaluate;
 * a binding the API server refuses (no action, Deny with Warn) fails `pulumi up` halfway.
 */
export default resourceRule({
    name: "k8s-admission-policy-sound",
    description: "ValidatingAdmissionPolicies fail closed and validate something; their bindings name a policy and a valid set of validationActions (not Deny with Warn).",
    category: "security",
    severity: "high",
    references: [platform("admission-policies")],
    remediationSteps: "Set failurePolicy: Fail and at least one validation; bind with [Deny] or [Warn] (plus Audit if wanted), never Deny and Warn together.",
    types: [POLICY, BINDING],
    check: ({ type, props, report }) => {
        const spec = props.spec ?? {};
        if (type === POLICY) {
            if (spec.failurePolicy === "Ignore") report("failurePolicy Ignore admits every object the policy fails to evaluate.");
            if (asArray(spec.validations).length === 0) report("The policy has no validations.");
            return;
        }
        const actions = asArray<string>(spec.validationActions);
        if (!spec.policyName) report("The binding names no policy.");
        if (actions.length === 0) report("The binding has no validationActions (the API server requires at least one).");
        if (actions.includes("Deny") && actions.includes("Warn")) report("validationActions combine Deny and Warn, which the API server refuses.");
        const unknown = actions.filter((a) => !["Deny", "Warn", "Audit"].includes(a));
        if (unknown.length > 0) report(`Unknown validationActions: ${unknown.join(", ")}.`);
    },
});
