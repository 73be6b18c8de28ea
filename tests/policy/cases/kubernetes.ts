import { RULES } from "../../../policy/rules";
import type { Fixture } from "../harness";
import { patched, type RuleCase } from "./types";

const rule = (name: string) => RULES.find((r) => r.name === name)!;

const CONTAINER = {
    name: "server",
    image: "ghcr.io/mlflow/mlflow:v3.6.0",
    securityContext: {
        runAsNonRoot: true,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ["ALL"] },
        seccompProfile: { type: "RuntimeDefault" },
    },
    resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "512Mi" } },
};

/** A restricted-compliant Deployment; `container`/`pod` patch the first container and the pod spec. */
function deployment(container: Record<string, unknown> = {}, pod: Record<string, unknown> = {}, namespace = "mlflow"): Fixture {
    return {
        type: "kubernetes:apps/v1:Deployment",
        props: {
            metadata: { name: "tracking", namespace },
            spec: { template: { spec: patched({ containers: [patched(CONTAINER, container)] }, pod) } },
        },
    };
}

const cronJob = (container: Record<string, unknown>): Fixture => ({
    type: "kubernetes:batch/v1:CronJob",
    props: { metadata: { name: "gc", namespace: "mlflow" }, spec: { jobTemplate: { spec: { template: { spec: { containers: [patched(CONTAINER, container)] } } } } } },
});

const pod = (container: Record<string, unknown>, podSpec: Record<string, unknown> = {}): Fixture => ({
    type: "kubernetes:core/v1:Pod",
    props: { metadata: { name: "debug", namespace: "serving" }, spec: { ...podSpec, containers: [patched(CONTAINER, container)] } },
});

const namespace = (name: string, level?: string): Fixture => ({
    type: "kubernetes:core/v1:Namespace",
    props: { metadata: { name, labels: level ? { "pod-security.kubernetes.io/enforce": level } : {} } },
});

const service = (spec: Record<string, unknown>, annotations: Record<string, string> = {}): Fixture => ({
    type: "kubernetes:core/v1:Service",
    props: { metadata: { name: "gateway", namespace: "istio-ingress", annotations }, spec },
});

const RBAC = "kubernetes:rbac.authorization.k8s.io/v1";

export const KUBERNETES_CASES: RuleCase[] = [
    {
        rule: rule("k8s-no-privileged-or-host-access"),
        compliant: [
            { why: "restricted Deployment", fixture: deployment() },
            { why: "node agent in an exempt namespace", fixture: deployment({ securityContext: { privileged: true } }, {}, "kube-system") },
        ],
        violating: [
            { why: "privileged container", fixture: deployment({ securityContext: { privileged: true } }), expect: /"server" is privileged/ },
            { why: "host network", fixture: deployment({}, { hostNetwork: true }), expect: /hostNetwork/ },
            { why: "hostPath volume", fixture: pod({}, { volumes: [{ name: "docker", hostPath: { path: "/var/run" } }] }), expect: /hostPath/ },
            { why: "hostPort", fixture: deployment({ ports: [{ containerPort: 80, hostPort: 80 }] }), expect: /hostPort/ },
        ],
    },
    {
        rule: rule("k8s-restricted-security-context"),
        compliant: [
            { why: "restricted container", fixture: deployment() },
            { why: "pod-level runAsNonRoot and seccomp", fixture: deployment({ securityContext: { runAsNonRoot: undefined, seccompProfile: undefined } }, { securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } } }) },
            { why: "NET_BIND_SERVICE added", fixture: deployment({ securityContext: { capabilities: { drop: ["ALL"], add: ["NET_BIND_SERVICE"] } } }) },
        ],
        violating: [
            { why: "may run as root", fixture: deployment({ securityContext: { runAsNonRoot: undefined } }), expect: /runAsNonRoot/ },
            { why: "privilege escalation", fixture: cronJob({ securityContext: { allowPrivilegeEscalation: true } }), expect: /allowPrivilegeEscalation/ },
            { why: "NET_ADMIN added", fixture: deployment({ securityContext: { capabilities: { drop: ["ALL"], add: ["NET_ADMIN"] } } }), expect: /NET_ADMIN/ },
            { why: "unconfined seccomp", fixture: pod({ securityContext: { seccompProfile: { type: "Unconfined" } } }), expect: /seccomp/ },
        ],
    },
    {
        rule: rule("k8s-read-only-root-filesystem"),
        compliant: [{ why: "read-only", fixture: deployment() }],
        violating: [{ why: "writable", fixture: deployment({ securityContext: { readOnlyRootFilesystem: false } }) }],
    },
    {
        rule: rule("k8s-container-resources"),
        compliant: [
            { why: "requests and memory limit", fixture: deployment() },
            { why: "one whole GPU", fixture: deployment({ resources: { limits: { "nvidia.com/gpu": 1 } } }) },
        ],
        violating: [
            { why: "no memory limit", fixture: deployment({ resources: { requests: { cpu: "1", memory: "1Gi" }, limits: { memory: undefined } } }), expect: /memory limit/ },
            { why: "no requests", fixture: deployment({ resources: { requests: undefined } }), expect: /CPU request/ },
            { why: "fractional GPU", fixture: deployment({ resources: { limits: { "nvidia.com/gpu": "0.5" } } }), expect: /whole number/ },
        ],
    },
    {
        rule: rule("k8s-image-pinning"),
        compliant: [
            { why: "tagged image from ghcr.io", fixture: deployment() },
            { why: "digest from a registry subdomain", fixture: deployment({ image: "europe-docker.pkg.dev/p/r/model@sha256:abc" }), options: { config: { allowedRegistries: ["pkg.dev"] } } },
            { why: "Docker Hub short name with a tag", fixture: deployment({ image: "nginx:1.27.3" }) },
        ],
        violating: [
            { why: "latest", fixture: deployment({ image: "ghcr.io/mlflow/mlflow:latest" }), expect: /not pinned/ },
            { why: "no tag", fixture: deployment({ image: "nginx" }), expect: /not pinned/ },
            { why: "registry not allowed", fixture: deployment({ image: "evil.example.com/miner:1.0" }), expect: /evil.example.com is not allowed/ },
        ],
    },
    {
        rule: rule("k8s-namespace-pod-security"),
        compliant: [
            { why: "restricted", fixture: namespace("mlflow", "restricted") },
            { why: "configured exemption", fixture: namespace("istio-system", "privileged"), options: { config: { exemptions: { "istio-system": "privileged" } } } },
        ],
        violating: [
            { why: "no label", fixture: namespace("mlflow"), expect: /no pod-security/ },
            { why: "baseline without exemption", fixture: namespace("mlflow", "baseline"), expect: /"baseline"/ },
            { why: "privileged without exemption", fixture: namespace("istio-system", "privileged") },
        ],
    },
    {
        rule: rule("k8s-rbac-least-privilege"),
        compliant: [
            { why: "scoped role", fixture: { type: `${RBAC}:Role`, props: { rules: [{ apiGroups: [""], resources: ["configmaps"], verbs: ["get", "list"] }] } } },
            { why: "binding to a custom role", fixture: { type: `${RBAC}:ClusterRoleBinding`, props: { roleRef: { kind: "ClusterRole", name: "view" } } } },
        ],
        violating: [
            { why: "cluster-admin binding", fixture: { type: `${RBAC}:ClusterRoleBinding`, props: { roleRef: { kind: "ClusterRole", name: "cluster-admin" } } }, expect: /cluster-admin/ },
            { why: "wildcard verbs", fixture: { type: `${RBAC}:ClusterRole`, props: { rules: [{ apiGroups: [""], resources: ["secrets"], verbs: ["*"] }] } }, expect: /every verb/ },
        ],
    },
    {
        rule: rule("k8s-service-exposure"),
        compliant: [
            { why: "ClusterIP", fixture: service({ type: "ClusterIP" }) },
            { why: "internal load balancer", fixture: service({ type: "LoadBalancer" }, { "service.beta.kubernetes.io/azure-load-balancer-internal": "true" }) },
            { why: "listed public gateway", fixture: service({ type: "LoadBalancer" }), options: { config: { publicLoadBalancers: ["istio-ingress/gateway"] } } },
        ],
        violating: [
            { why: "NodePort", fixture: service({ type: "NodePort" }), expect: /NodePort/ },
            { why: "public load balancer", fixture: service({ type: "LoadBalancer" }), expect: /internet-facing/ },
        ],
    },
    {
        rule: rule("k8s-no-default-namespace"),
        compliant: [{ why: "platform namespace", fixture: deployment() }],
        violating: [
            { why: "default namespace", fixture: deployment({}, {}, "default") },
            { why: "no namespace", fixture: { type: "kubernetes:core/v1:ServiceAccount", props: { metadata: { name: "sa" } } }, expect: /provider's default/ },
        ],
    },
];
