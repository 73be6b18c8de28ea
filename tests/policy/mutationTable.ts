/**
 * The table of careless changes: each row changes one input of one planned resource, removes one,
 * or adds one, and names the policy that must refuse it. Copies share every untouched resource
 * with the captured plan (so the suite stays fast); the changed one is a deep copy.
 */
import type { CapturedResource } from "../../automation/capture";

export type Cloud = "aws" | "gcp" | "azure";
export type Stack = "staging" | "production";
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Inputs = Record<string, any>;

export interface Edit {
    resources: CapturedResource[];
    /** The resource the violation must name; undefined when the finding is about the stack as a whole. */
    urn?: string;
}

export interface Mutation {
    policy: string;
    change: string;
    clouds: readonly Cloud[];
    /** Defaults to production (where every rule is mandatory). */
    stacks?: readonly Stack[];
    apply: (plan: readonly CapturedResource[], at: { cloud: Cloud; stack: Stack }) => Edit;
}

const ALL: readonly Cloud[] = ["aws", "gcp", "azure"];
const BOTH: readonly Stack[] = ["staging", "production"];

type Pick = (r: CapturedResource) => boolean;
const named = (part: string): Pick => (r) => r.name.includes(part);
const metadataOf = (r: CapturedResource) => ((r.inputs as Inputs).metadata ?? {}) as Inputs;
const k8sNamed = (namespace: string, name: string): Pick => (r) => metadataOf(r).namespace === namespace && metadataOf(r).name === name;
const chart = (name: string): Pick => (r) => String(r.inputs.chart ?? "").split("/").pop() === name;

/** Changes the first resource of `type` (matching `pick`) in a copy of the plan. */
function change(type: string, edit: (inputs: Inputs, r: CapturedResource) => void, pick: Pick = () => true, expectOn?: (plan: readonly CapturedResource[]) => string): Mutation["apply"] {
    return (plan) => {
        const index = plan.findIndex((r) => r.type === type && pick(r));
        if (index === -1) throw new Error(`the plan has no ${type} to change`);
        const copy = JSON.parse(JSON.stringify(plan[index])) as CapturedResource;
        edit(copy.inputs as Inputs, copy);
        const resources = [...plan];
        resources[index] = copy;
        return { resources, urn: expectOn ? expectOn(plan) : copy.urn };
    };
}

/** Removes the first resource of `type`; the violation lands on `expectOn` (or the stack). */
function remove(type: string, pick: Pick = () => true, expectOn?: (plan: readonly CapturedResource[]) => string): Mutation["apply"] {
    return (plan) => {
        const index = plan.findIndex((r) => r.type === type && pick(r));
        if (index === -1) throw new Error(`the plan has no ${type} to remove`);
        return { resources: plan.filter((_, i) => i !== index), urn: expectOn?.(plan) };
    };
}

/** Adds one custom resource, parented to the stack, as a team's or a careless change would. */
function add(type: string, name: string, inputs: Inputs, propertyDependencies: (plan: readonly CapturedResource[]) => Record<string, string[]> = () => ({})): Mutation["apply"] {
    return (plan) => {
        const stack = plan.find((r) => r.type === "pulumi:pulumi:Stack");
        const urn = `${stack?.urn.split("::").slice(0, 2).join("::")}::${type}::${name}`;
        const deps = propertyDependencies(plan);
        const resource: CapturedResource = {
            urn, type, name, custom: true, parent: stack?.urn ?? null, dependencies: Object.values(deps).flat(), propertyDependencies: deps,
            protect: false, retainOnDelete: false, provider: null, inputs,
        };
        return { resources: [...plan, resource], urn };
    };
}

const urnOf = (type: string, pick: Pick = () => true) => (plan: readonly CapturedResource[]) => plan.find((r) => r.type === type && pick(r))!.urn;
const policyDoc = (Statement: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const TAGS = { project: "ml-platform", stack: "production", environment: "production", owner: "o", "cost-center": "c" };

const RELEASE = "kubernetes:helm.sh/v3:Release";
const NETPOL = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
const PEER = "kubernetes:security.istio.io/v1:PeerAuthentication";
const ISVC = "kubernetes:serving.kserve.io/v1beta1:InferenceService";
const model = (i: Inputs) => i.spec.predictor.model;

const GATEWAY_INTERNAL: Record<Cloud, string> = {
    aws: "service.beta.kubernetes.io/aws-load-balancer-internal",
    gcp: "networking.gke.io/load-balancer-type",
    azure: "service.beta.kubernetes.io/azure-load-balancer-internal",
};

/** The platform layer: the same on every cloud. */
const PLATFORM: Mutation[] = [
    { policy: "istio-mesh-strict-mtls", change: "remove the mesh-wide STRICT PeerAuthentication", clouds: ALL, stacks: BOTH, apply: remove(PEER) },
    { policy: "istio-mesh-strict-mtls", change: "mesh-wide mode PERMISSIVE", clouds: ALL, apply: change(PEER, (i) => (i.spec.mtls.mode = "PERMISSIVE")) },
    {
        policy: "istio-mesh-strict-mtls", change: "a namespace PeerAuthentication that disables mTLS", clouds: ALL, stacks: BOTH,
        apply: add(PEER, "mlflow-plaintext", { apiVersion: "security.istio.io/v1", kind: "PeerAuthentication", metadata: { name: "default", namespace: "mlflow" }, spec: { mtls: { mode: "DISABLE" } } }),
    },
    { policy: "k8s-network-policy-no-open-rules", change: "ingress: [{}] in mlflow's allow-ingress", clouds: ALL, stacks: BOTH, apply: change(NETPOL, (i) => (i.spec.ingress = [{}]), k8sNamed("mlflow", "allow-ingress")) },
    { policy: "k8s-network-policy-no-open-rules", change: "internet ingress without ports in istio-ingress", clouds: ALL, apply: change(NETPOL, (i) => delete i.spec.ingress[0].ports, k8sNamed("istio-ingress", "allow-ingress")) },
    { policy: "k8s-network-policy-no-open-rules", change: "egress: [{}] in serving", clouds: ALL, apply: change(NETPOL, (i) => (i.spec.egress = [{}]), k8sNamed("serving", "allow-egress")) },
    { policy: "k8s-namespace-network-policy", change: "drop mlflow's default deny", clouds: ALL, apply: remove(NETPOL, k8sNamed("mlflow", "default-deny"), urnOf("kubernetes:core/v1:Namespace", (r) => metadataOf(r).name === "mlflow")) },
    { policy: "k8s-namespace-pod-security", change: "serving enforces privileged", clouds: ALL, apply: change("kubernetes:core/v1:Namespace", (i) => (i.metadata.labels["pod-security.kubernetes.io/enforce"] = "privileged"), (r) => metadataOf(r).name === "serving") },
    { policy: "k8s-load-balancer-internal", change: "drop the gateway's internal load-balancer annotation", clouds: ALL, stacks: ["staging"], apply: change(RELEASE, (i, r) => void r, chart("gateway")) },
    { policy: "k8s-load-balancer-internal", change: "MLflow's chart renders a LoadBalancer", clouds: ALL, apply: change(RELEASE, (i) => (i.values.service = { type: "LoadBalancer" }), chart("mlflow")) },
    { policy: "helm-trusted-repository", change: "MLflow's chart from an unvetted https mirror", clouds: ALL, stacks: BOTH, apply: change(RELEASE, (i) => (i.repositoryOpts.repo = "https://charts-mirror.example.net/community"), chart("mlflow")) },
    { policy: "helm-trusted-repository", change: "KServe from another OCI registry", clouds: ALL, apply: change(RELEASE, (i) => (i.chart = "oci://registry.example.net/kserve/charts/kserve-resources"), chart("kserve-resources")) },
    { policy: "helm-chart-version-pinned", change: "a version range for cert-manager", clouds: ALL, apply: change(RELEASE, (i) => (i.version = "^1.21.0"), chart("cert-manager")) },
    { policy: "helm-release-explicit", change: "no timeout on istiod", clouds: ALL, apply: change(RELEASE, (i) => delete i.timeout, chart("istiod")) },
    { policy: "helm-values-no-privileged", change: "hostPath: / in MLflow's extra volumes", clouds: ALL, stacks: BOTH, apply: change(RELEASE, (i) => (i.values.extraVolumes = [{ name: "host", hostPath: { path: "/" } }]), chart("mlflow")) },
    { policy: "helm-values-no-privileged", change: "runAsUser: 0 for MLflow", clouds: ALL, stacks: BOTH, apply: change(RELEASE, (i) => (i.values.podSecurityContext.runAsUser = 0), chart("mlflow")) },
    { policy: "helm-values-no-privileged", change: "runAsNonRoot: false for the gateway", clouds: ALL, apply: change(RELEASE, (i) => (i.values.securityContext.runAsNonRoot = false), chart("gateway")) },
    { policy: "helm-values-no-privileged", change: "NET_ADMIN added to cert-manager's webhook", clouds: ALL, apply: change(RELEASE, (i) => (i.values.webhook.containerSecurityContext.capabilities.add = ["NET_ADMIN"]), chart("cert-manager")) },
    { policy: "helm-values-no-privileged", change: "KEDA's operator privileged", clouds: ALL, apply: change(RELEASE, (i) => (i.values.securityContext.operator.privileged = true), chart("keda")) },
    { policy: "helm-values-no-privileged", change: "hostNetwork for the gateway", clouds: ALL, apply: change(RELEASE, (i) => (i.values.hostNetwork = true), chart("gateway")) },
    { policy: "helm-values-images-pinned", change: "MLflow image tagged latest", clouds: ALL, stacks: BOTH, apply: change(RELEASE, (i) => (i.values.image = { repository: "burakince/mlflow", tag: "latest" }), chart("mlflow")) },
    { policy: "helm-values-images-pinned", change: "istiod pulls from an unlisted registry", clouds: ALL, apply: change(RELEASE, (i) => (i.values.global.hub = "registry.example.net/istio"), chart("istiod")) },
    { policy: "helm-values-resources", change: "MLflow without resources", clouds: ALL, apply: change(RELEASE, (i) => delete i.values.resources, chart("mlflow")) },
    { policy: "helm-values-resources", change: "Prometheus without a memory limit", clouds: ALL, apply: change(RELEASE, (i) => delete i.values.prometheus.prometheusSpec.resources.limits, chart("kube-prometheus-stack")) },
    { policy: "helm-values-resources", change: "KEDA's webhooks unsized", clouds: ALL, apply: change(RELEASE, (i) => delete i.values.resources.webhooks, chart("keda")) },
    { policy: "k8s-no-privileged-or-host-access", change: "a privileged container in the InferenceService", clouds: ALL, stacks: ["staging"], apply: change(ISVC, (i) => (model(i).securityContext.privileged = true)) },
    { policy: "k8s-restricted-security-context", change: "privilege escalation in the InferenceService", clouds: ALL, stacks: ["staging"], apply: change(ISVC, (i) => (model(i).securityContext.allowPrivilegeEscalation = true)) },
    { policy: "k8s-read-only-root-filesystem", change: "a writable root filesystem in the InferenceService", clouds: ALL, stacks: ["staging"], apply: change(ISVC, (i) => (model(i).securityContext.readOnlyRootFilesystem = false)) },
    { policy: "k8s-image-pinning", change: "the InferenceService's model image tagged latest", clouds: ALL, stacks: ["staging"], apply: change(ISVC, (i) => (model(i).image = "kserve/sklearnserver:latest")) },
    { policy: "k8s-no-default-namespace", change: "the InferenceService in default", clouds: ALL, stacks: ["staging"], apply: change(ISVC, (i) => (i.metadata.namespace = "default")) },
    {
        policy: "k8s-container-resources", change: "a production InferenceService without resources", clouds: ALL,
        apply: add(ISVC, "unsized-model", { metadata: { name: "m", namespace: "serving" }, spec: { predictor: { securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } }, model: { modelFormat: { name: "sklearn" }, storageUri: "s3://b/m", securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" } } } } } }),
    },
    { policy: "k8s-rbac-least-privilege", change: "a team binds cluster-admin", clouds: ALL, apply: add("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding", "team-admin", { roleRef: { kind: "ClusterRole", name: "cluster-admin", apiGroup: "rbac.authorization.k8s.io" }, subjects: [{ kind: "Group", name: "team-a" }] }) },
    { policy: "k8s-service-exposure", change: "a team's NodePort Service", clouds: ALL, apply: add("kubernetes:core/v1:Service", "team-nodeport", { metadata: { name: "x", namespace: "serving" }, spec: { type: "NodePort" } }) },
    {
        policy: "k8s-admission-policy-sound", change: "an admission policy that fails open", clouds: ALL, stacks: BOTH,
        apply: change("kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy", (i) => (i.spec.failurePolicy = "Ignore")),
    },
    {
        policy: "k8s-admission-policy-sound", change: "a binding that denies and warns", clouds: ALL,
        apply: change("kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding", (i) => (i.spec.validationActions = ["Deny", "Warn"])),
    },
];

const AWS_ONLY: readonly Cloud[] = ["aws"];
const RDS = "aws:rds/instance:Instance";
const RDS_BACKUP_REPLICATION = "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication";
const EKS = "aws:eks/cluster:Cluster";
const REDIS = "aws:elasticache/replicationGroup:ReplicationGroup";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";

const AWS: Mutation[] = [
    { policy: "aws-default-security-group-closed", change: "a rule in the default security group", clouds: AWS_ONLY, apply: change("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", (i) => (i.ingress = [{ protocol: "-1", fromPort: 0, toPort: 0, self: true }])) },
    { policy: "aws-ecr-scan-immutable", change: "a team's mutable ECR repository", clouds: AWS_ONLY, apply: add("aws:ecr/repository:Repository", "team-models", { imageTagMutability: "MUTABLE", imageScanningConfiguration: { scanOnPush: false }, tags: TAGS }) },
    { policy: "aws-eks-access-entries", change: "aws-auth ConfigMap authentication", clouds: AWS_ONLY, apply: change(EKS, (i) => (i.accessConfig.authenticationMode = "CONFIG_MAP")) },
    { policy: "aws-eks-control-plane-logging", change: "audit logs off", clouds: AWS_ONLY, apply: change(EKS, (i) => (i.enabledClusterLogTypes = ["api"])) },
    { policy: "aws-eks-deletion-protection", change: "cluster deletion protection off", clouds: AWS_ONLY, apply: change(EKS, (i) => (i.deletionProtection = false)) },
    { policy: "aws-eks-endpoint-restricted", change: "public API endpoint for everyone", clouds: AWS_ONLY, stacks: BOTH, apply: change(EKS, (i) => (i.vpcConfig = { ...i.vpcConfig, endpointPublicAccess: true, publicAccessCidrs: ["0.0.0.0/0"] })) },
    { policy: "aws-eks-node-group-no-open-ssh", change: "SSH to the nodes from anywhere", clouds: AWS_ONLY, apply: change("aws:eks/nodeGroup:NodeGroup", (i) => (i.remoteAccess = { ec2SshKey: "ops" })) },
    { policy: "aws-eks-secrets-encryption", change: "no envelope encryption of secrets", clouds: AWS_ONLY, apply: change(EKS, (i) => delete i.encryptionConfig) },
    { policy: "aws-elasticache-encryption-auth", change: "cache without TLS", clouds: AWS_ONLY, stacks: BOTH, apply: change(REDIS, (i) => (i.transitEncryptionEnabled = false)) },
    { policy: "aws-elasticache-high-availability", change: "no automatic failover", clouds: AWS_ONLY, apply: change(REDIS, (i) => (i.automaticFailoverEnabled = false)) },
    { policy: "aws-iam-no-admin-policies", change: "MLflow's role gets * on *", clouds: AWS_ONLY, apply: change(ROLE_POLICY, (i) => (i.policy = policyDoc([{ Effect: "Allow", Action: "*", Resource: "*" }])), named("mlflow")) },
    { policy: "aws-iam-no-service-wildcards", change: "MLflow's policy widened to s3:* on *", clouds: AWS_ONLY, stacks: BOTH, apply: change(ROLE_POLICY, (i) => (i.policy = policyDoc([{ Effect: "Allow", Action: "s3:*", Resource: "*" }])), named("mlflow")) },
    {
        policy: "aws-iam-no-service-wildcards", change: "AmazonS3FullAccess attached to the model server's role", clouds: AWS_ONLY,
        apply: add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "model-server-s3-full", { role: "ml-platform-production-serving-model-server", policyArn: "arn:aws:iam::aws:policy/AmazonS3FullAccess" }),
    },
    { policy: "aws-iam-role-trust-scoped", change: "MLflow's IRSA trust without its :sub condition", clouds: AWS_ONLY, apply: change("aws:iam/role:Role", (i) => (i.assumeRolePolicy = policyDoc(JSON.parse(i.assumeRolePolicy).Statement.map((s: Inputs) => ({ ...s, Condition: undefined })))), named("mlflow")) },
    { policy: "aws-iam-workload-scoped", change: "the model server reads every bucket", clouds: AWS_ONLY, stacks: BOTH, apply: change(ROLE_POLICY, (i) => (i.policy = policyDoc([{ Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::*/*" }])), named("model-server")) },
    { policy: "aws-iam-workload-scoped", change: "MLflow reads another team's bucket", clouds: AWS_ONLY, apply: change(ROLE_POLICY, (i) => (i.policy = policyDoc([{ Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::finance-exports/*" }])), named("mlflow")) },
    { policy: "aws-secretsmanager-secret-cmk", change: "database credentials under the AWS-managed key", clouds: AWS_ONLY, apply: change("aws:secretsmanager/secret:Secret", (i) => delete i.kmsKeyId, named("database")) },
    { policy: "aws-kms-key-rotation", change: "key rotation off", clouds: AWS_ONLY, apply: change("aws:kms/key:Key", (i) => (i.enableKeyRotation = false)) },
    { policy: "aws-launch-template-ebs-encrypted", change: "unencrypted node volumes", clouds: AWS_ONLY, apply: change("aws:ec2/launchTemplate:LaunchTemplate", (i) => (i.blockDeviceMappings[0].ebs.encrypted = "false")) },
    { policy: "aws-launch-template-imdsv2", change: "IMDSv1 allowed on nodes", clouds: AWS_ONLY, apply: change("aws:ec2/launchTemplate:LaunchTemplate", (i) => (i.metadataOptions.httpTokens = "optional")) },
    { policy: "aws-log-group-retention-encryption", change: "log group without KMS", clouds: AWS_ONLY, apply: change("aws:cloudwatch/logGroup:LogGroup", (i) => delete i.kmsKeyId) },
    { policy: "aws-rds-backup-retention", change: "one day of backups", clouds: AWS_ONLY, apply: change(RDS, (i) => (i.backupRetentionPeriod = 1)) },
    { policy: "aws-rds-deletion-protection", change: "database deletion protection off", clouds: AWS_ONLY, apply: change(RDS, (i) => (i.deletionProtection = false)) },
    { policy: "aws-rds-iam-auth-and-patching", change: "IAM database auth off", clouds: AWS_ONLY, apply: change(RDS, (i) => (i.iamDatabaseAuthenticationEnabled = false)) },
    { policy: "aws-rds-multi-az", change: "single-AZ production database", clouds: AWS_ONLY, apply: change(RDS, (i) => (i.multiAz = false)) },
    { policy: "aws-rds-no-public-access", change: "publicly accessible database", clouds: AWS_ONLY, stacks: BOTH, apply: change(RDS, (i) => (i.publiclyAccessible = true)) },
    { policy: "aws-rds-postgres-force-tls", change: "rds.force_ssl dropped", clouds: AWS_ONLY, apply: change("aws:rds/parameterGroup:ParameterGroup", (i) => (i.parameters = i.parameters.filter((p: Inputs) => p.name !== "rds.force_ssl"))) },
    { policy: "aws-rds-storage-encrypted", change: "unencrypted database storage", clouds: AWS_ONLY, apply: change(RDS, (i) => (i.storageEncrypted = false)) },
    { policy: "aws-s3-access-logging", change: "artifact bucket logging removed", clouds: AWS_ONLY, apply: remove("aws:s3/bucketLogging:BucketLogging", () => true, urnOf("aws:s3/bucket:Bucket", named("artifacts"))) },
    { policy: "aws-s3-bucket-policy-not-public", change: "anonymous read in a bucket policy", clouds: AWS_ONLY, apply: change("aws:s3/bucketPolicy:BucketPolicy", (i) => (i.policy = policyDoc([...JSON.parse(i.policy).Statement, { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "*" }]))) },
    { policy: "aws-s3-default-encryption", change: "artifact bucket encryption removed", clouds: AWS_ONLY, apply: remove("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", named("artifacts"), urnOf("aws:s3/bucket:Bucket", named("artifacts"))) },
    { policy: "aws-s3-no-public-acl", change: "public-read ACL", clouds: AWS_ONLY, apply: change("aws:s3/bucket:Bucket", (i) => (i.acl = "public-read")) },
    { policy: "aws-s3-public-access-block", change: "public policies allowed", clouds: AWS_ONLY, apply: remove("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", named("artifacts"), urnOf("aws:s3/bucket:Bucket", named("artifacts"))) },
    { policy: "aws-s3-tls-only", change: "bucket policy without DenyInsecureTransport", clouds: AWS_ONLY, apply: remove("aws:s3/bucketPolicy:BucketPolicy", named("artifacts"), urnOf("aws:s3/bucket:Bucket", named("artifacts"))) },
    { policy: "aws-s3-versioning", change: "versioning suspended", clouds: AWS_ONLY, apply: change("aws:s3/bucketVersioning:BucketVersioning", (i) => (i.versioningConfiguration.status = "Suspended"), named("artifacts"), urnOf("aws:s3/bucket:Bucket", named("artifacts"))) },
    {
        policy: "aws-security-group-no-world-admin-ports", change: "PostgreSQL open to the internet", clouds: AWS_ONLY, stacks: BOTH,
        apply: change("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", (i) => { delete i.referencedSecurityGroupId; i.cidrIpv4 = "0.0.0.0/0"; }, (r) => r.inputs.fromPort === 5432),
    },
    { policy: "required-tags", change: "database without cost-center", clouds: AWS_ONLY, apply: change(RDS, (i) => delete i.tags["cost-center"]) },
    { policy: "stateful-resources-protected", change: "database unprotected", clouds: AWS_ONLY, apply: change(RDS, (_, r) => (r.protect = false)) },
    { policy: "production-cross-region-backups", change: "RDS backup replication removed", clouds: AWS_ONLY, apply: remove(RDS_BACKUP_REPLICATION, () => true, urnOf(RDS)) },
    { policy: "stack-budget", change: "the budget removed", clouds: AWS_ONLY, stacks: BOTH, apply: remove("aws:budgets/budget:Budget", () => true, urnOf(EKS)) },
];

const GCP_ONLY: readonly Cloud[] = ["gcp"];
const SQL = "gcp:sql/databaseInstance:DatabaseInstance";
const GKE = "gcp:container/cluster:Cluster";
const POOL = "gcp:container/nodePool:NodePool";
const MEMORYSTORE = "gcp:redis/instance:Instance";

const GCP: Mutation[] = [
    { policy: "gcp-cloudsql-backups", change: "backups off", clouds: GCP_ONLY, apply: change(SQL, (i) => (i.settings.backupConfiguration.enabled = false)) },
    { policy: "gcp-cloudsql-high-availability", change: "zonal production database", clouds: GCP_ONLY, apply: change(SQL, (i) => (i.settings.availabilityType = "ZONAL")) },
    { policy: "gcp-cloudsql-private-ip", change: "public IPv4 on Cloud SQL", clouds: GCP_ONLY, stacks: BOTH, apply: change(SQL, (i) => (i.settings.ipConfiguration.ipv4Enabled = true)) },
    { policy: "gcp-cloudsql-tls", change: "unencrypted connections allowed", clouds: GCP_ONLY, apply: change(SQL, (i) => (i.settings.ipConfiguration.sslMode = "ALLOW_UNENCRYPTED_AND_ENCRYPTED")) },
    { policy: "gcp-firewall-no-world-ingress", change: "the webhook firewall rule opened to 0.0.0.0/0", clouds: GCP_ONLY, stacks: BOTH, apply: change("gcp:compute/firewall:Firewall", (i) => (i.sourceRanges = ["0.0.0.0/0"])) },
    { policy: "gcp-gcs-no-public-access", change: "public access prevention inherited", clouds: GCP_ONLY, apply: change("gcp:storage/bucket:Bucket", (i) => (i.publicAccessPrevention = "inherited")) },
    { policy: "gcp-gcs-versioning", change: "versioning off", clouds: GCP_ONLY, apply: change("gcp:storage/bucket:Bucket", (i) => (i.versioning = { enabled: false }), named("artifacts")) },
    { policy: "gcp-gke-auth-hardening", change: "legacy ABAC on", clouds: GCP_ONLY, apply: change(GKE, (i) => (i.enableLegacyAbac = true)) },
    { policy: "gcp-gke-deletion-protection", change: "cluster deletion protection off", clouds: GCP_ONLY, apply: change(GKE, (i) => (i.deletionProtection = false)) },
    { policy: "gcp-gke-network-policy", change: "no NetworkPolicy enforcement", clouds: GCP_ONLY, apply: change(GKE, (i) => { i.datapathProvider = "LEGACY_DATAPATH"; delete i.networkPolicy; }) },
    { policy: "gcp-gke-node-pool-hardening", change: "auto-repair off", clouds: GCP_ONLY, apply: change(POOL, (i) => (i.management = { ...i.management, autoRepair: false })) },
    { policy: "gcp-gke-private-cluster", change: "nodes with public IPs", clouds: GCP_ONLY, stacks: BOTH, apply: change(GKE, (i) => (i.privateClusterConfig.enablePrivateNodes = false)) },
    { policy: "gcp-gke-release-channel", change: "no release channel", clouds: GCP_ONLY, apply: change(GKE, (i) => (i.releaseChannel = { channel: "UNSPECIFIED" })) },
    { policy: "gcp-gke-secrets-encryption", change: "secrets not encrypted with Cloud KMS", clouds: GCP_ONLY, apply: change(GKE, (i) => (i.databaseEncryption = { state: "DECRYPTED" })) },
    { policy: "gcp-gke-workload-identity", change: "pods see the node's metadata", clouds: GCP_ONLY, apply: change(POOL, (i) => (i.nodeConfig.workloadMetadataConfig.mode = "GCE_METADATA")) },
    { policy: "gcp-iam-no-broad-grants", change: "the node account gets storage.admin on the project", clouds: GCP_ONLY, stacks: BOTH, apply: change("gcp:projects/iAMMember:IAMMember", (i) => (i.role = "roles/storage.admin"), named("artifactregistry")) },
    {
        policy: "gcp-iam-workload-scoped", change: "Workload Identity for every service account of mlflow", clouds: GCP_ONLY,
        apply: change("gcp:serviceaccount/iAMMember:IAMMember", (i) => (i.member = "principalSet://iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/acme-ml-prod.svc.id.goog/namespace/mlflow"), named("mlflow")),
    },
    { policy: "gcp-iam-workload-scoped", change: "MLflow granted on another bucket", clouds: GCP_ONLY, apply: change("gcp:storage/bucketIAMMember:BucketIAMMember", (i, r) => { i.bucket = "finance-exports"; r.propertyDependencies.bucket = []; }, named("mlflow")) },
    { policy: "gcp-secretmanager-secret-cmek", change: "cache credentials replicated automatically under Google-managed keys", clouds: GCP_ONLY, apply: change("gcp:secretmanager/secret:Secret", (i) => (i.replication = { auto: {} }), named("cache")) },
    { policy: "gcp-kms-key-rotation", change: "yearly key rotation", clouds: GCP_ONLY, apply: change("gcp:kms/cryptoKey:CryptoKey", (i) => (i.rotationPeriod = "31536000s")) },
    { policy: "gcp-memorystore-auth-tls", change: "Redis AUTH off", clouds: GCP_ONLY, stacks: BOTH, apply: change(MEMORYSTORE, (i) => (i.authEnabled = false)) },
    { policy: "gcp-memorystore-high-availability", change: "BASIC tier in production", clouds: GCP_ONLY, apply: change(MEMORYSTORE, (i) => (i.tier = "BASIC")) },
    { policy: "required-tags", change: "bucket without owner label", clouds: GCP_ONLY, apply: change("gcp:storage/bucket:Bucket", (i) => delete i.labels.owner) },
    { policy: "stateful-resources-protected", change: "Cloud SQL unprotected", clouds: GCP_ONLY, apply: change(SQL, (_, r) => (r.protect = false)) },
    { policy: "production-cross-region-backups", change: "Cloud SQL backups back in the primary region", clouds: GCP_ONLY, apply: change(SQL, (i) => delete i.settings.backupConfiguration.location) },
    { policy: "stack-budget", change: "the budget notifies no channel", clouds: GCP_ONLY, stacks: BOTH, apply: change("gcp:billing/budget:Budget", (i) => (i.allUpdatesRule.monitoringNotificationChannels = [])) },
];

const AZURE_ONLY: readonly Cloud[] = ["azure"];
const AKS = "azure-native:containerservice:ManagedCluster";
const PG = "azure-native:dbforpostgresql:Server";
const MANAGED_REDIS = "azure-native:redisenterprise:RedisEnterprise";
const ASSIGNMENT = "azure-native:authorization:RoleAssignment";

const AZURE: Mutation[] = [
    { policy: "azure-aks-entra-rbac", change: "local accounts on", clouds: AZURE_ONLY, apply: change(AKS, (i) => (i.disableLocalAccounts = false)) },
    { policy: "azure-aks-network-policy", change: "no network policy engine", clouds: AZURE_ONLY, apply: change(AKS, (i) => delete i.networkProfile.networkPolicy) },
    { policy: "azure-aks-node-pools-private", change: "public IPs on a node pool", clouds: AZURE_ONLY, apply: change("azure-native:containerservice:AgentPool", (i) => (i.enableNodePublicIP = true)) },
    { policy: "azure-aks-private-api", change: "public API server", clouds: AZURE_ONLY, stacks: BOTH, apply: change(AKS, (i) => (i.apiServerAccessProfile = { enablePrivateCluster: false })) },
    { policy: "azure-aks-upgrades-and-sla", change: "upgrades off", clouds: AZURE_ONLY, apply: change(AKS, (i) => (i.autoUpgradeProfile = { upgradeChannel: "none" })) },
    { policy: "azure-aks-workload-identity", change: "OIDC issuer off", clouds: AZURE_ONLY, apply: change(AKS, (i) => (i.oidcIssuerProfile = { enabled: false })) },
    { policy: "azure-blob-container-private", change: "anonymous blob access", clouds: AZURE_ONLY, apply: change("azure-native:storage:BlobContainer", (i) => (i.publicAccess = "Blob")) },
    { policy: "azure-keyvault-secret-platform-vault", change: "the platform vault opened to public networks", clouds: AZURE_ONLY, apply: change("azure-native:keyvault:Vault", (i) => (i.properties.publicNetworkAccess = "Enabled")) },
    { policy: "azure-key-vault-protection", change: "purge protection off", clouds: AZURE_ONLY, apply: change("azure-native:keyvault:Vault", (i) => (i.properties.enablePurgeProtection = false)) },
    { policy: "azure-managed-redis-tls-private", change: "Managed Redis on the public network", clouds: AZURE_ONLY, stacks: BOTH, apply: change(MANAGED_REDIS, (i) => (i.publicNetworkAccess = "Enabled")) },
    {
        policy: "azure-nsg-no-world-inbound", change: "an NSG admitting the internet to SSH", clouds: AZURE_ONLY, stacks: BOTH,
        apply: add("azure-native:network:NetworkSecurityGroup", "nodes-nsg", { tags: TAGS, securityRules: [{ name: "ssh", direction: "Inbound", access: "Allow", protocol: "Tcp", priority: 100, sourceAddressPrefix: "*", sourcePortRange: "*", destinationAddressPrefix: "*", destinationPortRange: "22" }] }),
    },
    { policy: "azure-postgres-backup-and-ha", change: "no zone-redundant HA", clouds: AZURE_ONLY, apply: change(PG, (i) => (i.highAvailability = { mode: "Disabled" })) },
    { policy: "azure-postgres-private-access", change: "public network access", clouds: AZURE_ONLY, stacks: BOTH, apply: change(PG, (i) => (i.network = { ...i.network, publicNetworkAccess: "Enabled" })) },
    { policy: "azure-postgres-tls", change: "require_secure_transport off", clouds: AZURE_ONLY, apply: change("azure-native:dbforpostgresql:Configuration", (i) => (i.value = "off")) },
    { policy: "azure-rbac-scoped", change: "MLflow gets Contributor on its container", clouds: AZURE_ONLY, stacks: BOTH, apply: change(ASSIGNMENT, (i) => (i.roleDefinitionId = i.roleDefinitionId.replace(/[^/]+$/, "b24988ac-6180-42a0-ab88-20f7382dd24c")), named("mlflow")) },
    { policy: "azure-rbac-scoped", change: "the model server's reader role on the whole subscription", clouds: AZURE_ONLY, apply: change(ASSIGNMENT, (i, r) => { i.scope = "/subscriptions/00000000-0000-4000-8000-000000000001"; r.propertyDependencies.scope = []; }, named("model-server")) },
    {
        policy: "azure-rbac-scoped", change: "a custom role with Microsoft.Storage/* on the subscription", clouds: AZURE_ONLY,
        apply: add("azure-native:authorization:RoleDefinition", "storage-everything", { roleName: "storage-everything", permissions: [{ actions: ["Microsoft.Storage/*"] }], assignableScopes: ["/subscriptions/00000000-0000-4000-8000-000000000001"] }),
    },
    { policy: "azure-redis-high-availability", change: "Managed Redis without HA", clouds: AZURE_ONLY, apply: change(MANAGED_REDIS, (i) => (i.highAvailability = "Disabled")) },
    { policy: "azure-redis-tls-private", change: "a team's cache with the non-TLS port", clouds: AZURE_ONLY, apply: add("azure-native:redis:Redis", "team-cache", { enableNonSslPort: true, minimumTlsVersion: "1.2", publicNetworkAccess: "Disabled", sku: { name: "Standard", family: "C", capacity: 1 }, tags: TAGS }) },
    { policy: "azure-storage-account-secure", change: "public blob access on the account", clouds: AZURE_ONLY, stacks: BOTH, apply: change("azure-native:storage:StorageAccount", (i) => (i.allowBlobPublicAccess = true)) },
    { policy: "required-tags", change: "vault without project tag", clouds: AZURE_ONLY, apply: change("azure-native:keyvault:Vault", (i) => delete i.tags.project) },
    { policy: "stateful-resources-protected", change: "storage account unprotected", clouds: AZURE_ONLY, apply: change("azure-native:storage:StorageAccount", (_, r) => (r.protect = false)) },
    { policy: "production-cross-region-backups", change: "geo-redundant backup off", clouds: AZURE_ONLY, apply: change(PG, (i) => (i.backup.geoRedundantBackup = "Disabled")) },
    { policy: "production-cross-region-backups", change: "artifact storage back to ZRS", clouds: AZURE_ONLY, apply: change("azure-native:storage:StorageAccount", (i) => (i.sku.name = "Standard_ZRS")) },
    { policy: "stack-budget", change: "the budget removed", clouds: AZURE_ONLY, stacks: BOTH, apply: remove("azure-native:consumption:Budget", () => true, urnOf(AKS)) },
];

/** Drops the cloud's internal marker from the gateway's service annotations (the row above names the cloud). */
function dropInternalAnnotation(plan: readonly CapturedResource[], cloud: Cloud): Edit {
    return change(RELEASE, (i) => delete i.values.service.annotations[GATEWAY_INTERNAL[cloud]], chart("gateway"))(plan, { cloud, stack: "staging" });
}

for (const m of PLATFORM) {
    if (m.change.startsWith("drop the gateway's internal")) m.apply = (plan, at) => dropInternalAnnotation(plan, at.cloud);
}

export const MUTATIONS: readonly Mutation[] = [...PLATFORM, ...AWS, ...GCP, ...AZURE];
