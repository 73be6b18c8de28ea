import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { CHARTS } from "../../k8s/charts";
import { alertmanagerConfig } from "../../k8s/monitoring/alertmanager";
import { certManagerValues } from "../../k8s/values/certManager";
import { clusterAutoscalerValues, metricsServerValues, nvidiaDevicePluginValues } from "../../k8s/values/clusterAddons";
import { gatewayValues, istioCniValues, istiodValues } from "../../k8s/values/istio";
import { inferenceServiceAutoscaling, kserveResourcesValues } from "../../k8s/values/kserve";
import { kubePrometheusStackValues } from "../../k8s/values/kubePrometheusStack";
import { artifactRoot, mlflowValues, storageAccountOf } from "../../k8s/values/mlflow";
import { ENVIRONMENT_DEFAULTS } from "../../components/config";

/** Top-level keys the charts' strict values schemas accept (read from the pinned chart versions). */
const GATEWAY_SCHEMA_KEYS = ["_internal_defaults_do_not_set", "global", "enabled", "affinity", "securityContext", "containerSecurityContext", "kind", "annotations", "autoscaling", "env", "envVarFrom", "strategy", "minReadySeconds", "readinessProbe", "labels", "name", "nodeSelector", "podAnnotations", "replicaCount", "resources", "revision", "defaultRevision", "compatibilityVersion", "profile", "platform", "pilot", "runAsRoot", "unprivilegedPort", "service", "serviceAccount", "rbac", "tolerations", "topologySpreadConstraints", "networkGateway", "networkGatewayPorts", "imagePullPolicy", "imagePullSecrets", "podDisruptionBudget", "terminationGracePeriodSeconds", "volumes", "volumeMounts", "initContainers", "additionalContainers", "priorityClassName", "lifecycle"];
const CERT_MANAGER_SCHEMA_KEYS = ["acmesolver", "affinity", "approveSignerNames", "automountServiceAccountToken", "cainjector", "clusterResourceNamespace", "config", "containerSecurityContext", "crds", "creator", "deploymentAnnotations", "disableAutoApproval", "dns01RecursiveNameservers", "dns01RecursiveNameserversOnly", "enableCertificateOwnerRef", "enableServiceLinks", "enabled", "extraArgs", "extraContainers", "extraEnv", "extraObjects", "featureGates", "fullnameOverride", "global", "hostAliases", "http_proxy", "https_proxy", "image", "imageNamespace", "imageRegistry", "ingressShim", "installCRDs", "livenessProbe", "maxConcurrentChallenges", "nameOverride", "namespace", "networkPolicy", "no_proxy", "nodeSelector", "podAnnotations", "podDisruptionBudget", "podDnsConfig", "podDnsPolicy", "podLabels", "prometheus", "replicaCount", "resources", "runtimeClassName", "securityContext", "serviceAccount", "serviceAnnotations", "serviceIPFamilies", "serviceIPFamilyPolicy", "serviceLabels", "startupapicheck", "strategy", "tolerations", "topologySpreadConstraints", "volumeMounts", "volumes", "webhook"];
const CERT_MANAGER_COMPONENT_KEYS = ["affinity", "automountServiceAccountToken", "config", "containerSecurityContext", "deploymentAnnotations", "enableServiceLinks", "enabled", "extraArgs", "extraEnv", "featureGates", "image", "networkPolicy", "nodeSelector", "podAnnotations", "podDisruptionBudget", "podLabels", "replicaCount", "resources", "runtimeClassName", "securityContext", "serviceAccount", "serviceAnnotations", "serviceLabels", "strategy", "tolerations", "topologySpreadConstraints", "volumeMounts", "volumes", "apiserverClientCertSubjects", "clientCAFile", "enableClientVerification", "hostNetwork", "livenessProbe", "loadBalancerIP", "mutatingWebhookConfiguration", "mutatingWebhookConfigurationAnnotations", "readinessProbe", "securePort", "serviceIPFamilies", "serviceIPFamilyPolicy", "serviceType", "timeoutSeconds", "url", "validatingWebhookConfiguration", "validatingWebhookConfigurationAnnotations"];
const MLFLOW_SCHEMA_KEYS = ["affinity", "artifactRoot", "backendStore", "postgresql", "mysql", "extraArgs", "extraContainers", "extraEnvVars", "extraFlags", "extraSecretNamesForEnvFrom", "extraVolumeMounts", "extraVolumes", "fullnameOverride", "revisionHistoryLimit", "global", "image", "initImages", "imagePullSecrets", "ingress", "corsAllowedOrigins", "serverAllowedHosts", "serverHost", "initContainers", "livenessProbe", "nameOverride", "nodeSelector", "priorityClassName", "extraDeploy", "deploymentAnnotations", "podAnnotations", "extraPodLabels", "podSecurityContext", "readinessProbe", "oauth2Proxy", "oidcAuth", "replicaCount", "resources", "securityContext", "service", "log", "telemetry", "serviceAccount", "serviceMonitor", "strategy", "tolerations", "flaskServerSecretKey", "auth", "ldapAuth", "autoscaling", "minio"];
const MLFLOW_BACKEND_KEYS = ["defaultSqlitePath", "databaseConnectionCheck", "databaseMigration", "mysql", "postgres", "mssql", "existingDatabaseSecret"];

const HA = { ha: true, tolerations: [] };
const SMALL = { ha: false, tolerations: [] };

/** Every key name anywhere in a value, to search for credentials. */
function allKeys(value: unknown): string[] {
    if (Array.isArray(value)) return value.flatMap(allKeys);
    if (typeof value !== "object" || value === null || pulumi.Output.isInstance(value)) return [];
    return Object.entries(value).flatMap(([k, v]) => [k, ...allKeys(v)]);
}

function mlflowArgs(ha: boolean, kind: "s3" | "gcs" | "azureBlob" = "s3") {
    const uri = { s3: "s3://bucket", gcs: "gs://bucket", azureBlob: "wasbs://artifacts@acct123.blob.core.windows.net" }[kind];
    return {
        ha,
        host: "mlflow.ml.example.com",
        database: { host: "db.internal", port: 5432, name: "mlflow", sslMode: "require", secretName: "platform-database", usernameKey: "username", passwordKey: "password" },
        objectStore: { kind, bucket: pulumi.output("bucket"), uri: pulumi.output(uri), clientEnv: pulumi.output<Record<string, string>>({}) },
        serviceAccountAnnotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/x" },
        podLabels: {},
    };
}

function kpsArgs(ha: boolean, receivers = {}) {
    return { ha, scrapes: { kubeProxy: true, coreDns: true }, storageClassName: "fast", retentionDays: 30, prometheusStorageGb: 200, alertmanagerStorageGb: 10, receivers, tolerations: [] };
}

describe("chart pins", () => {
    it("pins every chart to one exact version", () => {
        for (const [name, ref] of Object.entries(CHARTS)) expect(ref.version, name).to.match(/^v?\d+\.\d+\.\d+$/);
    });

    it("takes every OCI chart without a repository and every other chart from one", () => {
        for (const [name, ref] of Object.entries(CHARTS)) expect(ref.chart.startsWith("oci://"), name).to.equal(!("repo" in ref));
    });
});

describe("Istio values", () => {
    it("run istiod highly available in production only, with a PDB, CNI and native sidecars", () => {
        const prod = istiodValues(HA);
        expect(prod.autoscaleMin).to.be.at.least(2);
        expect(prod.replicaCount).to.be.at.least(2);
        expect(prod.pdb.minAvailable).to.equal(1);
        expect(prod.topologySpreadConstraints).to.have.length(1);
        expect(istiodValues(SMALL).autoscaleMin).to.equal(1);
        expect(prod.cni.enabled).to.equal(true);
        expect(prod.env.ENABLE_NATIVE_SIDECARS).to.equal("true");
    });

    it("run the gateway with >= 2 replicas and a PDB in production, 1 and none in staging", () => {
        const prod = gatewayValues({ ha: true, serviceAnnotations: {} });
        expect(prod.autoscaling.minReplicas).to.be.at.least(2);
        expect(prod.podDisruptionBudget).to.deep.equal({ minAvailable: 1 });
        const staging = gatewayValues({ ha: false, serviceAnnotations: {} });
        expect(staging.autoscaling.minReplicas).to.equal(1);
        expect(staging.podDisruptionBudget).to.deep.equal({});
    });

    it("give the gateway only keys its strict schema declares, and the restricted security context", () => {
        const values = gatewayValues({ ha: true, serviceAnnotations: { a: "b" } });
        expect(GATEWAY_SCHEMA_KEYS).to.include.members(Object.keys(values));
        expect(values.service.annotations).to.deep.equal({ a: "b" });
        expect(values.containerSecurityContext).to.include({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
        expect(values.securityContext.seccompProfile.type).to.equal("RuntimeDefault");
    });

    it("set the CNI chart's GKE platform profile on GKE only", () => {
        expect(istioCniValues("gke")).to.have.nested.property("global.platform", "gke");
        expect(istioCniValues("eks")).to.not.have.property("global");
        expect(istioCniValues("aks")).to.not.have.property("global");
    });
});

describe("cert-manager values", () => {
    it("install upgradable CRDs that survive an uninstall", () => {
        expect(certManagerValues(HA).crds).to.deep.equal({ enabled: true, keep: true });
    });

    it("replicate controller, webhook and cainjector with PDBs in production only", () => {
        for (const [values, replicas, pdb] of [[certManagerValues(HA), 2, true], [certManagerValues(SMALL), 1, false]] as const) {
            for (const c of [values, values.webhook, values.cainjector]) {
                expect(c.replicaCount).to.equal(replicas);
                expect(c.podDisruptionBudget.enabled).to.equal(pdb);
            }
        }
    });

    it("use only keys the strict schema declares", () => {
        const values = certManagerValues(HA);
        expect(CERT_MANAGER_SCHEMA_KEYS).to.include.members(Object.keys(values));
        for (const c of [values.webhook, values.cainjector]) expect(CERT_MANAGER_COMPONENT_KEYS).to.include.members(Object.keys(c));
    });
});

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
});

describe("MLflow values", () => {
    it("take the database password from an existing Secret, never from values", () => {
        const values = mlflowValues(mlflowArgs(true));
        expect(values.backendStore.existingDatabaseSecret).to.deep.equal({ name: "platform-database", usernameKey: "username", passwordKey: "password" });
        expect(values.backendStore.postgres).to.not.have.any.keys("password", "user");
        expect(values.auth.postgres).to.not.have.any.keys("password", "user");
        // Migrations run in the platform's own init container, which carries PGSSLMODE.
        expect(values.backendStore.databaseMigration).to.equal(false);
        expect(values.initContainers.map((c) => c.name)).to.deep.equal(["db-migrate"]);
    });

    it("use only keys the chart's strict schema declares", () => {
        const values = mlflowValues(mlflowArgs(false));
        expect(MLFLOW_SCHEMA_KEYS).to.include.members(Object.keys(values));
        expect(MLFLOW_BACKEND_KEYS).to.include.members(Object.keys(values.backendStore));
    });

    it("run two replicas in production and one in staging", () => {
        expect(mlflowValues(mlflowArgs(true)).replicaCount).to.equal(2);
        expect(mlflowValues(mlflowArgs(false)).replicaCount).to.equal(1);
    });

    it("enable exactly the artifact backend of the object store's kind, with no access keys", () => {
        for (const kind of ["s3", "gcs", "azureBlob"] as const) {
            const root = artifactRoot(mlflowArgs(false, kind).objectStore);
            const enabled = (["s3", "gcs", "azureBlob"] as const).filter((k) => root[k].enabled);
            expect(enabled, kind).to.deep.equal([kind]);
            expect(allKeys(root)).to.not.include.members(["awsAccessKeyId", "awsSecretAccessKey", "accessKey", "connectionString"]);
        }
        expect(storageAccountOf("wasbs://artifacts@acct123.blob.core.windows.net")).to.equal("acct123");
        expect(() => storageAccountOf("s3://bucket")).to.throw(/Azure Blob/);
    });

    it("run non-root with a read-only root filesystem", () => {
        const values = mlflowValues(mlflowArgs(false));
        expect(values.securityContext).to.include({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
        expect(values.podSecurityContext.seccompProfile.type).to.equal("RuntimeDefault");
    });
});

describe("KServe values and autoscaling", () => {
    it("run KServe in Standard (raw deployment) mode behind the platform's own routes", () => {
        const values = kserveResourcesValues({ modelsHost: "models.ml.example.com", tolerations: [] });
        expect(values.kserve.controller.deploymentMode).to.equal("Standard");
        expect(values.kserve.controller.gateway).to.include({ domain: "models.ml.example.com", urlScheme: "https", disableIngressCreation: true });
    });

    it("scale production models 3-50 on CPU, memory and request rate, with scale-up/down behaviour", () => {
        const serving = { ...ENVIRONMENT_DEFAULTS.production.platform.serving };
        const scaling = inferenceServiceAutoscaling(serving, "sum(rate(x[1m]))", "http://prometheus:9090");
        expect([scaling.minReplicas, scaling.maxReplicas]).to.deep.equal([3, 50]);
        const metrics = scaling.autoScaling.metrics;
        expect(metrics.map((m) => m.type)).to.deep.equal(["Resource", "Resource", "External"]);
        expect(metrics[2].external!.target).to.deep.equal({ type: "Value", value: "50" });
        expect(scaling.autoScaling.behavior.scaleDown.stabilizationWindowSeconds).to.equal(300);
        const staging = inferenceServiceAutoscaling({ ...ENVIRONMENT_DEFAULTS.staging.platform.serving }, "q", "u");
        expect([staging.minReplicas, staging.maxReplicas]).to.deep.equal([1, 5]);
    });
});

describe("cluster add-on values", () => {
    it("give the cluster-autoscaler the bound service account and this cluster only", () => {
        const values = clusterAutoscalerValues({
            ha: true,
            kubernetesVersion: "1.35",
            cloudProvider: "aws",
            region: "us-east-1",
            clusterName: "c1",
            serviceAccount: { name: "cluster-autoscaler", annotations: { "eks.amazonaws.com/role-arn": "arn" } },
            tolerations: [],
            serviceMonitorLabels: {},
        });
        expect(values.rbac.serviceAccount).to.deep.include({ name: "cluster-autoscaler", annotations: { "eks.amazonaws.com/role-arn": "arn" } });
        expect(values.autoDiscovery.clusterName).to.equal("c1");
        expect(values.replicaCount).to.equal(2);
    });

    it("replicate metrics-server with a PDB in production", () => {
        expect(metricsServerValues(HA)).to.deep.include({ replicas: 2, podDisruptionBudget: { enabled: true, minAvailable: 1 } });
        expect(metricsServerValues(SMALL).replicas).to.equal(1);
    });

    it("let the device plugin tolerate the GPU taint", () => {
        const values = nvidiaDevicePluginValues({ key: "nvidia.com/gpu", value: "true", effect: "NoSchedule" });
        expect(values.tolerations).to.deep.include({ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" });
    });
});
