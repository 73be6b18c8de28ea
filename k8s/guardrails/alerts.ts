/**
 * Violations of the admission policies, from the API server's own counter
 * (apiserver_validating_admission_policy_check_total{policy, policy_binding, enforcement_action,
 * error_type}), which kube-prometheus-stack's apiserver ServiceMonitor scrapes where the managed
 * control plane serves /metrics to the cluster. The audit annotation in the cloud's audit log is
 * the record that exists on every cloud.
 */
import type { AlertGroup } from "../alertRules";

/** Every policy this component defines starts with this; the alert ignores everyone else's. */
export const POLICY_PREFIX = "mlplatform-";

/**
 * The warn-only bindings over the platform's own chart namespaces (./index.ts), where known upstream
 * defaults already break a rule: each new pod there (an istio-cni pod per new node) would fire the
 * alert, so they are left out of it; the audit log still records them.
 */
export const CHART_BINDING_SUFFIX = "-platform-charts";

export function admissionAlertGroup(): AlertGroup {
    const violations = `apiserver_validating_admission_policy_check_total{policy=~"${POLICY_PREFIX}.*", policy_binding!~".*${CHART_BINDING_SUFFIX}", enforcement_action=~"deny|warn|audit"}`;
    return {
        name: "mlplatform-admission",
        interval: "1m",
        rules: [
            {
                alert: "AdmissionPolicyViolations",
                expr: `sum by (policy, policy_binding, enforcement_action) (increase(${violations}[15m])) > 0`,
                for: "0m",
                severity: "warning",
                summary: "Workloads break the platform's admission policy {{ $labels.policy }}",
                description:
                    "Objects broke {{ $labels.policy }} (binding {{ $labels.policy_binding }}, action {{ $labels.enforcement_action }}) in the last 15 minutes; the API server's audit log names them (annotation validation.policy.admission.k8s.io/validation_failure).",
            },
            {
                alert: "AdmissionPolicyErrors",
                expr: `sum by (policy, error_type) (increase(apiserver_validating_admission_policy_check_total{policy=~"${POLICY_PREFIX}.*", error_type!="no_error"}[15m])) > 0`,
                for: "0m",
                severity: "critical",
                summary: "The admission policy {{ $labels.policy }} fails to evaluate",
                description:
                    "{{ $labels.policy }} hit {{ $labels.error_type }} errors; its failurePolicy is Fail, so the objects it judges are refused (or warned about) whatever they contain.",
            },
        ],
    };
}
