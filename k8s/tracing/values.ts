/**
 * Chart pins and values for tracing: the single-binary `tempo` chart run in Tempo's
 * scalable-single-binary target (every replica runs every role; memberlist joins them into one
 * ring), and the OpenTelemetry Collector chart as a Deployment with the k8s distribution image.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ObjectStoreFacts } from "../../components/foundation";
import type { ChartRef } from "../helm";
import { RESTRICTED_CONTAINER_SECURITY, RESTRICTED_POD_SECURITY, resources, zoneSpread } from "../securityContext";
import { COLLECTOR_SERVICE, OTLP_GRPC_PORT, OTLP_HTTP_PORT, TEMPO_HTTP_PORT, TEMPO_RELEASE, TRACING_NAMESPACE_NAME } from "./provider";

export const TRACING_CHARTS = {
    // grafana-community took over the chart (updates only there since 2026-01-30); 2.2.4 runs Tempo 2.10.8.
    tempo: { chart: "oci://ghcr.io/grafana-community/helm-charts/tempo", version: "2.2.4" },
    otelCollector: { chart: "opentelemetry-collector", version: "0.170.0", repo: "https://open-telemetry.github.io/opentelemetry-helm-charts" },
} as const satisfies Record<string, ChartRef>;

/** The chart's selector labels (app.kubernetes.io/name is the chart name, instance the release). */
export const TEMPO_SELECTOR = { "app.kubernetes.io/name": "tempo", "app.kubernetes.io/instance": TEMPO_RELEASE } as const;
export const COLLECTOR_RELEASE = COLLECTOR_SERVICE;
export const COLLECTOR_SELECTOR = { "app.kubernetes.io/name": "opentelemetry-collector", "app.kubernetes.io/instance": COLLECTOR_RELEASE } as const;
export const TEMPO_SERVICE_ACCOUNT = "tempo";
export const COLLECTOR_SERVICE_ACCOUNT = "otel-collector";
export const TEMPO_GRPC_PORT = 9095;
export const MEMBERLIST_PORT = 7946;
export const COLLECTOR_METRICS_PORT = 8888;
/** The StatefulSet's serviceName; the chart renders no such Service, the component does (headless). */
export const TEMPO_HEADLESS_SERVICE = `${TEMPO_RELEASE}-headless`;
/** Where in the platform's bucket trace blocks live, apart from MLflow's artifacts. */
export const TRACES_PREFIX = "traces";
const WAL_PATH = "/var/tempo/wal";

/** Tempo's `storage.trace` backend block for the platform's object store, authenticated by workload identity only. */
export function traceBackend(store: Pick<ObjectStoreFacts, "kind" | "bucket" | "clientEnv">) {
    return pulumi.all([store.bucket, store.clientEnv]).apply(([bucket, env]) => {
        switch (store.kind) {
            case "s3": {
                const region = env.AWS_REGION;
                if (!region) throw new Error("the S3 object store's clientEnv carries no AWS_REGION; Tempo needs the regional endpoint");
                // No keys: minio-go's credential chain picks up the IRSA web-identity token.
                return { backend: "s3", s3: { bucket, region, endpoint: `s3.${region}.amazonaws.com`, prefix: TRACES_PREFIX } };
            }
            case "gcs":
                // GKE workload identity through the metadata server.
                return { backend: "gcs", gcs: { bucket_name: bucket, prefix: TRACES_PREFIX } };
            case "azureBlob": {
                const account = env.AZURE_STORAGE_ACCOUNT;
                if (!account) throw new Error("the Azure object store's clientEnv carries no AZURE_STORAGE_ACCOUNT; Tempo needs the storage account name");
                // The token the workload-identity webhook projects into the pod.
                return { backend: "azure", azure: { storage_account_name: account, container_name: bucket, use_federated_token: true, prefix: TRACES_PREFIX } };
            }
        }
    });
}

export interface TempoConfigArgs {
    ha: boolean;
    retentionHours: number;
    objectStore: Pick<ObjectStoreFacts, "kind" | "bucket" | "clientEnv">;
}

/**
 * The whole of tempo.yaml (the chart's `config`, which it passes through `tpl`). JSON is YAML, and
 * indented JSON never contains `{{`. Replicas find each other through the headless Service.
 */
export function tempoConfig(p: TempoConfigArgs): pulumi.Output<string> {
    return traceBackend(p.objectStore).apply((backend) =>
        JSON.stringify(
            {
                target: "scalable-single-binary",
                multitenancy_enabled: false,
                stream_over_http_enabled: false,
                usage_report: { reporting_enabled: false },
                server: { http_listen_port: TEMPO_HTTP_PORT, grpc_listen_port: TEMPO_GRPC_PORT },
                memberlist: {
                    cluster_label: `${TEMPO_RELEASE}.${TRACING_NAMESPACE_NAME}`,
                    bind_port: MEMBERLIST_PORT,
                    join_members: [`dns+${TEMPO_HEADLESS_SERVICE}.${TRACING_NAMESPACE_NAME}.svc.cluster.local:${MEMBERLIST_PORT}`],
                },
                // Only the collector sends here, over OTLP/gRPC.
                distributor: { receivers: { otlp: { protocols: { grpc: { endpoint: `0.0.0.0:${OTLP_GRPC_PORT}` } } } } },
                // One copy per span: with two ingesters a quorum of RF 2 would need both up.
                ingester: { lifecycler: { ring: { replication_factor: 1 } } },
                compactor: { compaction: { block_retention: `${p.retentionHours}h` } },
                storage: { trace: { ...backend, wal: { path: WAL_PATH } } },
                overrides: { defaults: {}, per_tenant_override_config: "/conf/overrides.yaml" },
            },
            null,
            2,
        ),
    );
}

export interface TempoValuesArgs extends TempoConfigArgs {
    storageClassName: string;
    serviceAccountAnnotations: pulumi.Input<Record<string, string>>;
    podLabels: Record<string, string>;
}

export function tempoValues(p: TempoValuesArgs) {
    return {
        replicas: p.ha ? 2 : 1,
        config: tempoConfig(p),
        tempo: {
            resources: p.ha ? resources("500m", "2Gi", { memory: "4Gi" }) : resources("100m", "512Mi", { memory: "1Gi" }),
            reportingEnabled: false,
            // The chart derives its Service ports from these (tempo.yaml above is what Tempo reads):
            // an empty endpoint leaves the port out.
            receivers: {
                jaeger: { protocols: { grpc: { endpoint: "" }, thrift_binary: { endpoint: "" }, thrift_compact: { endpoint: "" }, thrift_http: { endpoint: "" } } },
                otlp: { protocols: { grpc: { endpoint: `0.0.0.0:${OTLP_GRPC_PORT}` }, http: { endpoint: "" } } },
            },
            securityContext: RESTRICTED_CONTAINER_SECURITY,
            // Staging keeps its WAL on an emptyDir (the root filesystem is read-only).
            extraVolumeMounts: p.ha ? [] : [{ name: "wal", mountPath: "/var/tempo" }],
        },
        extraVolumes: p.ha ? [] : [{ name: "wal", emptyDir: { sizeLimit: "5Gi" } }],
        // Production keeps the WAL on a volume, so a restarted replica replays the spans it had not flushed.
        persistence: p.ha
            ? { enabled: true, enableStatefulSetAutoDeletePVC: false, accessModes: ["ReadWriteOnce"], size: "20Gi", storageClassName: p.storageClassName }
            : { enabled: false },
        securityContext: { ...RESTRICTED_POD_SECURITY, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001 },
        serviceAccount: { create: true, name: TEMPO_SERVICE_ACCOUNT, annotations: p.serviceAccountAnnotations, automountServiceAccountToken: true },
        podLabels: p.podLabels,
        affinity: p.ha ? zoneAntiAffinity(TEMPO_SELECTOR) : {},
        tempoQuery: { enabled: false },
        serviceMonitor: { enabled: false },
        networkPolicy: { enabled: false },
    };
}

/** The tempo chart has no topologySpreadConstraints value: prefer replicas in different zones. */
function zoneAntiAffinity(matchLabels: Record<string, string>) {
    return {
        podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: "topology.kubernetes.io/zone", labelSelector: { matchLabels } } }],
        },
    };
}

/**
 * The collector's whole configuration (`alternateConfig`: used as is, not merged over the chart's
 * defaults with their jaeger/zipkin/prometheus receivers and debug exporter).
 */
export function collectorConfig(p: { ha: boolean }) {
    return {
        extensions: { health_check: { endpoint: "${env:MY_POD_IP}:13133" } },
        receivers: {
            otlp: {
                protocols: {
                    grpc: { endpoint: `\${env:MY_POD_IP}:${OTLP_GRPC_PORT}` },
                    http: { endpoint: `\${env:MY_POD_IP}:${OTLP_HTTP_PORT}` },
                },
            },
        },
        processors: {
            memory_limiter: { check_interval: "5s", limit_percentage: 80, spike_limit_percentage: 25 },
            batch: {},
        },
        exporters: {
            // In-cluster and inside the mesh: the sidecars carry mutual TLS.
            "otlp/tempo": {
                endpoint: `${TEMPO_RELEASE}.${TRACING_NAMESPACE_NAME}.svc.cluster.local:${OTLP_GRPC_PORT}`,
                tls: { insecure: true },
                sending_queue: { enabled: true, queue_size: p.ha ? 5000 : 1000 },
                retry_on_failure: { enabled: true, max_elapsed_time: "300s" },
            },
        },
        service: {
            extensions: ["health_check"],
            telemetry: { metrics: { readers: [{ pull: { exporter: { prometheus: { host: "${env:MY_POD_IP}", port: COLLECTOR_METRICS_PORT } } } }] } },
            pipelines: { traces: { receivers: ["otlp"], processors: ["memory_limiter", "batch"], exporters: ["otlp/tempo"] } },
        },
    };
}

const OFF = { enabled: false };

export function collectorValues(p: { ha: boolean }) {
    return {
        mode: "deployment",
        fullnameOverride: COLLECTOR_RELEASE,
        image: { repository: "otel/opentelemetry-collector-k8s" },
        alternateConfig: collectorConfig(p),
        replicaCount: p.ha ? 2 : 1,
        podDisruptionBudget: p.ha ? { enabled: true, minAvailable: 1 } : OFF,
        topologySpreadConstraints: p.ha ? zoneSpread(COLLECTOR_SELECTOR) : [],
        resources: p.ha ? resources("200m", "512Mi", { memory: "1Gi" }) : resources("50m", "128Mi", { memory: "256Mi" }),
        serviceAccount: { create: true, name: COLLECTOR_SERVICE_ACCOUNT },
        podSecurityContext: RESTRICTED_POD_SECURITY,
        securityContext: RESTRICTED_CONTAINER_SECURITY,
        ports: {
            otlp: { enabled: true, containerPort: OTLP_GRPC_PORT, servicePort: OTLP_GRPC_PORT, protocol: "TCP", appProtocol: "grpc" },
            "otlp-http": { enabled: true, containerPort: OTLP_HTTP_PORT, servicePort: OTLP_HTTP_PORT, protocol: "TCP" },
            "jaeger-compact": OFF,
            "jaeger-thrift": OFF,
            "jaeger-grpc": OFF,
            zipkin: OFF,
            metrics: { enabled: true, containerPort: COLLECTOR_METRICS_PORT, servicePort: COLLECTOR_METRICS_PORT, protocol: "TCP" },
        },
    };
}
