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

const ISVC = "kubernetes:serving.kserve.io/v1beta1:InferenceService";

/** A restricted InferenceService like the platform's example model; `model`/`predictor` patch them. */
const inferenceService = (model: Record<string, unknown> = {}, predictor: Record<string, unknown> = {}): Fixture => ({
    type: ISVC,
    props: {
        metadata: { name: "iris", namespace: "serving" },
        spec: {
            predictor: patched(
                {
                    securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
                    model: patched({ modelFormat: { name: "sklearn" }, storageUri: "s3://b/m", securityContext: CONTAINER.securityContext, resources: CONTAINER.resources }, model),
                },
                predictor,
            ),
        },
    },
});

const netpol = (spec: Record<string, unknown>): Fixture => ({ type: "kubernetes:networking.k8s.io/v1:NetworkPolicy", props: { metadata: { name: "p", namespace: "mlflow" }, spec } });

const gatewayRelease = (service: Record<string, unknown>, namespace = "istio-ingress"): Fixture => ({
    type: "kubernetes:helm.sh/v3:Release",
    name: "gateway",
    props: { chart: "gateway", namespace, values: { service } },
});
const clusterOf = (type: string): Fixture => ({ type, props: {} });
const EKS = clusterOf("aws:eks/cluster:Cluster");
const GKE = clusterOf("gcp:container/cluster:Cluster");
const AKS = clusterOf("azure-native:containerservice:ManagedCluster");

const PA = "kubernetes:security.istio.io/v1:PeerAuthentication";
const peer = (namespace: string, name: string, spec: Record<string, unknown>): Fixture => ({ type: PA, name: `${namespace}-${name}`, props: { metadata: { name, namespace }, spec } });
const ISTIOD: Fixture = { type: "kubernetes:helm.sh/v3:Release", props: { chart: "istiod", namespace: "istio-system", values: {} } };
const STRICT = peer("istio-system", "default", { mtls: { mode: "STRICT" } });

const RBAC = "kubernetes:rbac.authorization.k8s.io/v1";

const admissionPolicy = (spec: Record<string, unknown>): Fixture => ({
    type: "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy",
    props: { metadata: { name: "mlplatform-image-pinned" }, spec: patched({ failurePolicy: "Fail", validations: [{ expression: "true" }] }, spec) },
});

const admissionBinding = (validationActions: string[]): Fixture => ({
    type: "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding",
    props: { metadata: { name: "mlplatform-image-pinned" }, spec: { policyName: "mlplatform-image-pinned", validationActions } },
});

export const KUBERNETES_CASES: RuleCase[] = [
    {
        rule: rule("k8s-admission-policy-sound"),
        compliant: [
            { why: "fail-closed policy", fixture: admissionPolicy({}) },
            { why: "Deny with Audit", fixture: admissionBinding(["Deny", "Audit"]) },
            { why: "Warn with Audit", fixture: admissionBinding(["Warn", "Audit"]) },
        ],
        violating: [
            { why: "fails open", fixture: admissionPolicy({ failurePolicy: "Ignore" }), expect: /failurePolicy Ignore/ },
            { why: "validates nothing", fixture: admissionPolicy({ validations: [] }), expect: /no validations/ },
            { why: "Deny and Warn together", fixture: admissionBinding(["Deny", "Warn"]), expect: /Deny and Warn/ },
            { why: "no action", fixture: admissionBinding([]), expect: /no validationActions/ },
            { why: "unknown action", fixture: admissionBinding(["Enforce"]), expect: /Unknown validationActions: Enforce/ },
        ],
    },
    {
        rule: rule("k8s-no-privileged-or-host-access"),
        compliant: [
            { why: "restricted Deployment", fixture: deployment() },
            { why: "restricted InferenceService", fixture: inferenceService() },
            { why: "node agent in an exempt namespace", fixture: deployment({ securityContext: { privileged: true } }, {}, "kube-system") },
        ],
        violating: [
            { why: "privileged container", fixture: deployment({ securityContext: { privileged: true } }), expect: /"server" is privileged/ },
            { why: "host network", fixture: deployment({}, { hostNetwork: true }), expect: /hostNetwork/ },
            { why: "hostPath volume", fixture: pod({}, { volumes: [{ name: "docker", hostPath: { path: "/var/run" } }] }), expect: /hostPath/ },
            { why: "hostPort", fixture: deployment({ ports: [{ containerPort: 80, hostPort: 80 }] }), expect: /hostPort/ },
            { why: "privileged InferenceService model container", fixture: inferenceService({ securityContext: { privileged: true } }), expect: /"predictor.model" is privileged/ },
            { why: "InferenceService predictor on the host network", fixture: inferenceService({}, { hostNetwork: true }), expect: /predictor pod sets hostNetwork/ },
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
            { why: "InferenceService transformer as root", fixture: { type: ISVC, props: { metadata: { namespace: "serving" }, spec: { transformer: { containers: [{ ...CONTAINER, name: "t", securityContext: { ...CONTAINER.securityContext, runAsNonRoot: false } }] } } } }, expect: /"t": runAsNonRoot/ },
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
            { why: "InferenceService model without resources", fixture: inferenceService({ resources: undefined }), expect: /"predictor.model": no CPU request/ },
            { why: "fractional GPU", fixture: deployment({ resources: { limits: { "nvidia.com/gpu": "0.5" } } }), expect: /whole number/ },
        ],
    },
    {
        rule: rule("k8s-image-pinning"),
        compliant: [
            { why: "tagged image from ghcr.io", fixture: deployment() },
            { why: "digest from a registry subdomain", fixture: deployment({ image: "europe-docker.pkg.dev/p/r/model@sha256:abc" }), options: { config: { allowedRegistries: ["pkg.dev"] } } },
            { why: "Docker Hub short name with a tag", fixture: deployment({ image: "nginx:1.27.3" }) },
            { why: "InferenceService model image from its runtime", fixture: inferenceService() },
        ],
        violating: [
            { why: "latest", fixture: deployment({ image: "ghcr.io/mlflow/mlflow:latest" }), expect: /not pinned/ },
            { why: "no tag", fixture: deployment({ image: "nginx" }), expect: /not pinned/ },
            { why: "registry not allowed", fixture: deployment({ image: "evil.example.com/miner:1.0" }), expect: /evil.example.com is not allowed/ },
            { why: "InferenceService model image latest", fixture: inferenceService({ image: "kserve/sklearnserver:latest" }), expect: /not pinned/ },
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
    {
        rule: rule("k8s-network-policy-no-open-rules"),
        compliant: [
            { why: "default deny", fixture: netpol({ podSelector: {}, policyTypes: ["Ingress", "Egress"] }) },
            { why: "internet ingress on named ports", fixture: netpol({ ingress: [{ from: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: [{ port: 443 }] }] }) },
            { why: "same-namespace pods on every port", fixture: netpol({ ingress: [{ from: [{ podSelector: {} }] }] }) },
            { why: "DNS egress to any destination on port 53", fixture: netpol({ egress: [{ ports: [{ port: 53, protocol: "UDP" }] }] }) },
        ],
        violating: [
            { why: "ingress: [{}]", fixture: netpol({ ingress: [{}] }), expect: /ingress\[0\] admits every source on every port/ },
            { why: "from: [] without ports", fixture: netpol({ ingress: [{ from: [] }] }), expect: /every source/ },
            { why: "internet ingress on every port", fixture: netpol({ ingress: [{ from: [{ ipBlock: { cidr: "0.0.0.0/0" } }] }] }), expect: /must name its ports/ },
            { why: "every namespace on every port", fixture: netpol({ ingress: [{ from: [{ namespaceSelector: {} }], ports: [{ protocol: "TCP" }] }] }), expect: /must name its ports/ },
            { why: "egress: [{}]", fixture: netpol({ egress: [{}] }), expect: /every destination/ },
            { why: "internet egress on every port", fixture: netpol({ egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0" } }] }] }), expect: /internet on every port/ },
        ],
    },
    {
        rule: rule("k8s-load-balancer-internal"),
        compliant: [
            { why: "AWS in-tree internal annotation", fixture: [EKS, gatewayRelease({ type: "LoadBalancer", annotations: { "service.beta.kubernetes.io/aws-load-balancer-internal": "true" } })] },
            { why: "AWS LB controller defaults to internal", fixture: [EKS, gatewayRelease({ type: "LoadBalancer", annotations: { "service.beta.kubernetes.io/aws-load-balancer-type": "external" } })] },
            { why: "GKE internal", fixture: [GKE, gatewayRelease({ type: "LoadBalancer", annotations: { "networking.gke.io/load-balancer-type": "Internal" } })] },
            { why: "AKS internal", fixture: [AKS, gatewayRelease({ type: "LoadBalancer", annotations: { "service.beta.kubernetes.io/azure-load-balancer-internal": "true" } })] },
            { why: "ClusterIP", fixture: [AKS, gatewayRelease({ type: "ClusterIP" })] },
            { why: "public gateway the config allows", fixture: [EKS, gatewayRelease({ type: "LoadBalancer" })], options: { config: { publicLoadBalancers: ["istio-ingress/gateway"] } } },
        ],
        violating: [
            { why: "no annotation on AWS", fixture: [EKS, gatewayRelease({ type: "LoadBalancer", annotations: { "service.beta.kubernetes.io/aws-load-balancer-type": "nlb" } })], expect: /internet-facing LoadBalancer on aws/ },
            { why: "in-tree controller ignores the LB controller's scheme", fixture: [EKS, gatewayRelease({ type: "LoadBalancer", annotations: { "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal" } })] },
            { why: "LB controller told internet-facing", fixture: [EKS, gatewayRelease({ type: "LoadBalancer", annotations: { "service.beta.kubernetes.io/aws-load-balancer-type": "external", "service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing" } })] },
            { why: "another cloud's annotation on GKE", fixture: [GKE, gatewayRelease({ type: "LoadBalancer", annotations: { "service.beta.kubernetes.io/azure-load-balancer-internal": "true" } })], expect: /on gcp/ },
            { why: "AKS without the annotation", fixture: [AKS, gatewayRelease({ type: "LoadBalancer", annotations: {} })] },
            { why: "public gateway in another namespace than allowed", fixture: [AKS, gatewayRelease({ type: "LoadBalancer" }, "team-a")], options: { config: { publicLoadBalancers: ["istio-ingress/gateway"] } }, expect: /team-a\/gateway/ },
        ],
    },
    {
        rule: rule("istio-mesh-strict-mtls"),
        compliant: [
            { why: "one STRICT mesh-wide policy", fixture: [ISTIOD, STRICT] },
            { why: "a workload tightening or inheriting", fixture: [ISTIOD, STRICT, peer("serving", "iris", { selector: { matchLabels: { app: "iris" } }, mtls: { mode: "UNSET" } })] },
            { why: "a named, reasoned exception", fixture: [ISTIOD, STRICT, peer("legacy", "default", { mtls: { mode: "PERMISSIVE" } })], options: { config: { exceptions: { "legacy/default": "Migration of the legacy clients into the mesh until Q3." } } } },
            { why: "a stack without Istio", fixture: [{ type: "kubernetes:core/v1:Namespace", props: { metadata: { name: "x" } } }] },
        ],
        violating: [
            { why: "no mesh-wide policy", fixture: [ISTIOD], expect: /No mesh-wide PeerAuthentication/ },
            { why: "mesh-wide PERMISSIVE", fixture: [ISTIOD, peer("istio-system", "default", { mtls: { mode: "PERMISSIVE" } })], expect: /not STRICT/ },
            { why: "mesh-wide policy outside the root namespace", fixture: [ISTIOD, peer("serving", "default", { mtls: { mode: "STRICT" } })], expect: /No mesh-wide/ },
            { why: "two mesh-wide policies", fixture: [ISTIOD, STRICT, peer("istio-system", "other", { mtls: { mode: "STRICT" } })], expect: /second mesh-wide/ },
            { why: "namespace downgrade", fixture: [ISTIOD, STRICT, peer("mlflow", "default", { mtls: { mode: "DISABLE" } })], expect: /mlflow\/default downgrades mTLS to DISABLE/ },
            { why: "port-level downgrade", fixture: [ISTIOD, STRICT, peer("serving", "iris", { selector: { matchLabels: { app: "iris" } }, portLevelMtls: { "8080": { mode: "PERMISSIVE" } } })], expect: /PERMISSIVE/ },
        ],
    },
];
