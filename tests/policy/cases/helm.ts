import { RULES } from "../../../policy/rules";
import type { Fixture } from "../harness";
import { patched, type RuleCase } from "./types";

const rule = (name: string) => RULES.find((r) => r.name === name)!;

const release = (patch: Record<string, unknown> = {}): Fixture => ({
    type: "kubernetes:helm.sh/v3:Release",
    props: patched(
        {
            name: "istiod",
            chart: "istiod",
            version: "1.30.3",
            repositoryOpts: { repo: "https://istio-release.storage.googleapis.com/charts" },
            namespace: "istio-system",
            timeout: 600,
            values: { pilot: { securityContext: { runAsNonRoot: true, privileged: false } } },
        },
        patch,
    ),
});

const ociRelease = (chart: string): Fixture => release({ chart, repositoryOpts: undefined, version: "v0.20.0" });

export const HELM_CASES: RuleCase[] = [
    {
        rule: rule("helm-chart-version-pinned"),
        compliant: [
            { why: "exact version", fixture: release() },
            { why: "v-prefixed version", fixture: ociRelease("oci://ghcr.io/kserve/charts/kserve-crd") },
        ],
        violating: [
            { why: "no version", fixture: release({ version: undefined }), expect: /unset/ },
            { why: "range", fixture: release({ version: "^1.30.0" }), expect: /\^1.30.0/ },
            { why: "wildcard", fixture: release({ version: "1.30.x" }) },
        ],
    },
    {
        rule: rule("helm-trusted-repository"),
        compliant: [
            { why: "allow-listed https repository", fixture: release() },
            { why: "allow-listed repository with a trailing slash", fixture: release({ repositoryOpts: { repo: "https://kubernetes-sigs.github.io/metrics-server/" } }) },
            { why: "allow-listed OCI path", fixture: ociRelease("oci://ghcr.io/kserve/charts/kserve-crd") },
        ],
        violating: [
            { why: "http repository", fixture: release({ repositoryOpts: { repo: "http://charts.example.com" } }), expect: /http:\/\/charts/ },
            { why: "no repository", fixture: release({ repositoryOpts: undefined }), expect: /no repository/ },
            { why: "an unvetted https mirror", fixture: release({ repositoryOpts: { repo: "https://charts-mirror.example.net/istio" } }), expect: /not in the allow-list/ },
            { why: "an OCI chart from another registry", fixture: ociRelease("oci://registry.example.net/kserve/charts/kserve-crd"), expect: /not from an allow-listed registry/ },
        ],
    },
    {
        rule: rule("helm-values-no-privileged"),
        compliant: [
            { why: "restricted values", fixture: release() },
            { why: "explicitly false and non-root everywhere", fixture: release({ values: { a: { securityContext: { privileged: false, runAsUser: 1000, runAsNonRoot: true, capabilities: { drop: ["ALL"], add: ["NET_BIND_SERVICE"] } } } } }) },
            {
                why: "named exception with its reason",
                fixture: release({ namespace: "istio-system", chart: "cni", values: { hostNetwork: true } }),
                options: { config: { exceptions: [{ release: "istio-system/cni", allow: ["hostNamespace"], reason: "The CNI node agent configures pod networking on the node." }] } },
            },
        ],
        violating: [
            { why: "privileged container", fixture: release({ values: { pilot: { securityContext: { privileged: true } } } }), expect: /values.pilot.securityContext.privileged/ },
            { why: "host network in a list", fixture: release({ values: { jobs: [{ hostNetwork: true }] } }), expect: /values.jobs.0.hostNetwork/ },
            { why: "hostPath volume deep in values", fixture: release({ values: { a: { b: { extraVolumes: [{ name: "root", hostPath: { path: "/" } }] } } } }), expect: /extraVolumes.0.hostPath mounts/ },
            { why: "runAsUser 0", fixture: release({ values: { podSecurityContext: { runAsUser: 0 } } }), expect: /runAsUser is 0/ },
            { why: "runAsNonRoot false", fixture: release({ values: { securityContext: { runAsNonRoot: false } } }), expect: /runAsNonRoot is false/ },
            { why: "added capability", fixture: release({ values: { securityContext: { capabilities: { add: ["SYS_ADMIN"] } } } }), expect: /adds SYS_ADMIN/ },
            { why: "hostPort", fixture: release({ values: { ports: [{ hostPort: 8080 }] } }), expect: /hostPort binds port 8080/ },
            {
                why: "exception for another check only",
                fixture: release({ namespace: "istio-system", chart: "cni", values: { privileged: true } }),
                options: { config: { exceptions: [{ release: "istio-system/cni", allow: ["hostPath"], reason: "The CNI node agent writes the CNI config on the node." }] } },
                expect: /privileged/,
            },
            { why: "exception without a reason", fixture: release({ values: { hostPID: true } }), options: { config: { exceptions: [{ release: "istio-system/istiod", allow: ["hostNamespace"], reason: "" }] } } },
        ],
    },
    {
        rule: rule("helm-values-images-pinned"),
        compliant: [
            { why: "no image settings (chart appVersion)", fixture: release() },
            { why: "image object with a version tag", fixture: release({ values: { image: { repository: "ghcr.io/mlflow/mlflow", tag: "v3.6.0" } } }) },
            { why: "image string with a digest", fixture: release({ values: { sidecar: { image: "quay.io/kiwigrid/k8s-sidecar@sha256:abc" } } }) },
            { why: "registry + repository without a tag", fixture: release({ values: { image: { registry: "registry.k8s.io", repository: "metrics-server/metrics-server" } } }) },
            { why: "Istio's image: auto", fixture: release({ values: { image: "auto" } }) },
            { why: "external-dns's TXT ownership registry is not an image registry", fixture: release({ values: { registry: "txt" } }) },
        ],
        violating: [
            { why: "tag latest", fixture: release({ values: { controller: { image: { repository: "kserve/kserve-controller", tag: "latest" } } } }), expect: /controller.image.tag is "latest"/ },
            { why: "string without a tag", fixture: release({ values: { image: "nginx" } }), expect: /not pinned/ },
            { why: "repository:latest in one string", fixture: release({ values: { image: { repository: "ghcr.io/x/y:latest" } } }), expect: /not pinned/ },
            { why: "unlisted registry", fixture: release({ values: { image: { registry: "evil.example.com", repository: "miner", tag: "1.0" } } }), expect: /evil.example.com/ },
            { why: "a global image registry that is not allowed", fixture: release({ values: { global: { imageRegistry: "evil.example.com" } } }), expect: /evil.example.com is not an allowed registry/ },
            { why: "Istio hub with a mutable tag", fixture: release({ values: { global: { hub: "docker.io/istio", tag: "latest" } } }), expect: /global.tag is "latest"/ },
        ],
    },
    {
        rule: rule("helm-values-resources"),
        compliant: [
            { why: "complete block", fixture: release({ chart: "mlflow", values: { resources: { requests: { cpu: "1", memory: "1Gi" }, limits: { memory: "2Gi" } } } }) },
            { why: "per-component map", fixture: release({ chart: "other", values: { resources: { operator: { requests: { cpu: "1", memory: "1Gi" }, limits: { memory: "1Gi" } } } } }) },
            { why: "a volume claim's storage request", fixture: release({ chart: "other", values: { storage: { spec: { resources: { requests: { storage: "10Gi" } } } } } }) },
        ],
        violating: [
            { why: "known workload unsized", fixture: release({ chart: "mlflow", values: { replicaCount: 2 } }), expect: /values.resources is not set/ },
            { why: "no memory limit deep in values", fixture: release({ chart: "other", values: { a: { b: { resources: { requests: { cpu: "1", memory: "1Gi" } } } } } }), expect: /values.a.b.resources: no memory limit/ },
            { why: "empty resources block", fixture: release({ chart: "other", values: { resources: {} } }), expect: /no CPU request/ },
            { why: "component without requests", fixture: release({ chart: "keda", values: { resources: { operator: { limits: { memory: "1Gi" } } } } }), expect: /resources.operator: no CPU request/ },
        ],
    },
    {
        rule: rule("helm-release-explicit"),
        compliant: [{ why: "name, namespace and timeout", fixture: release() }],
        violating: [{ why: "no timeout or namespace", fixture: release({ timeout: undefined, namespace: undefined }), expect: /namespace, timeout/ }],
    },
];
