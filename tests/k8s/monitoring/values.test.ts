import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { alertmanagerConfig } from "../../../k8s/monitoring/alertmanager";
import { kubePrometheusStackValues } from "../../../k8s/monitoring/values";

/** Every key name anywhere in a value, to search for credentials. */
function allKeys(value: unknown): string[] {
    if (Array.isArray(value)) return value.flatMap(allKeys);
    if (typeof value !== "object" || value === null || pulumi.Output.isInstance(value)) return [];
    return Object.entries(value).flatMap(([k, v]) => [k, ...allKeys(v)]);
}

function kpsArgs(ha: boolean, receivers = {}) {
    return { ha, scrapes: { kubeProxy: true, coreDns: true }, storageClassName: "fast", retentionDays: 30, prometheusStorageGb: 200, alertmanagerStorageGb: 10, receivers, tolerations: [] };
}

describe("kube-prometheus-stack values", () => {
    it("replicate Prometheus (2) and Alertmanager (3) with PDBs in production, one each in staging", () => {
        const prod = kubePrometheusStackValues(kpsArgs(true));
        expect(prod.prometheus.prometheusSpec.replicas).to.equal(2);
        expect(prod.alertmanager.alertmanagerSpec.replicas).to.equal(3);
        expect(prod.prometheus.podDisruptionBudget.enabled).to.equal(true);
        const staging = kubePrometheusStackValues(kpsArgs(false));
        expect(staging.prometheus.prometheusSpec.replicas).to.equal(1);
        expect(staging.alertmanager.alertmanagerSpec.replicas).to.equal(1);
    });

    it("keep retention and persistent storage from config", () => {
        const spec = kubePrometheusStackValues(kpsArgs(true)).prometheus.prometheusSpec;
        expect(spec.retention).to.equal("30d");
        expect(spec.retentionSize).to.equal("170GB");
        expect(spec.storageSpec.volumeClaimTemplate.spec).to.deep.include({ storageClassName: "fast", resources: { requests: { storage: "200Gi" } } });
    });

    it("select every ServiceMonitor, PodMonitor and rule, not only the chart's", () => {
        const spec = kubePrometheusStackValues(kpsArgs(false)).prometheus.prometheusSpec;
        for (const flag of ["ruleSelectorNilUsesHelmValues", "serviceMonitorSelectorNilUsesHelmValues", "podMonitorSelectorNilUsesHelmValues"] as const) {
            expect(spec[flag], flag).to.equal(false);
        }
    });

    it("get admission webhook certificates from cert-manager instead of hook Jobs, and no CRDs", () => {
        const values = kubePrometheusStackValues(kpsArgs(false));
        expect(values.prometheusOperator.admissionWebhooks).to.deep.equal({ certManager: { enabled: true }, patch: { enabled: false } });
        expect(values.crds.enabled).to.equal(false);
    });

    it("never carry credentials: Grafana's admin password comes from an existing Secret", () => {
        const values = kubePrometheusStackValues(kpsArgs(true, { slack: { channel: "#ml" }, pagerDuty: true }));
        expect(values.grafana.admin.existingSecret).to.equal("grafana-admin");
        expect(allKeys(values)).to.not.include.members(["adminPassword", "api_url", "routing_key", "service_key", "password"]);
    });
});


describe("Alertmanager receivers", () => {
    it("route nowhere but the null receiver when no receiver is configured", () => {
        const config = alertmanagerConfig({});
        expect(config.receivers.map((r) => r.name)).to.deep.equal(["null"]);
    });

    it("read Slack and PagerDuty credentials from mounted files, never inline", () => {
        const config = alertmanagerConfig({ slack: { channel: "#ml" }, pagerDuty: true });
        expect(config.receivers.map((r) => r.name)).to.deep.equal(["null", "pagerduty", "slack"]);
        const text = JSON.stringify(config);
        expect(text).to.include("api_url_file").and.include("routing_key_file");
        expect(text).to.not.match(/"api_url"|"routing_key"/);
        expect(config.route.routes).to.deep.include({ receiver: "pagerduty", matchers: ['severity = "critical"'], continue: true });
    });

    it("inhibit a warning only by the critical alert of the same rule: Falco's events share one alertname and have no namespace", () => {
        const [rule] = alertmanagerConfig({}).inhibit_rules;
        expect(rule.equal).to.include.members(["alertname", "namespace", "rule"]);
    });
});
