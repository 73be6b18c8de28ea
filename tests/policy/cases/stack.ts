import { RULES } from "../../../policy/rules";
import { urnOf, type Fixture } from "../harness";
import { STAGING, type RuleCase } from "./types";

const rule = (name: string) => RULES.find((r) => r.name === name)!;
const TAGS = { project: "ml-platform", stack: "production", environment: "production", owner: "ml", "cost-center": "cc-1" };
const PART_OF = { "app.kubernetes.io/part-of": "ml-platform" };

const ns = (name: string, labels: Record<string, string> = PART_OF): Fixture => ({ type: "kubernetes:core/v1:Namespace", name, props: { metadata: { name, labels } } });

/** A NetworkPolicy linked to its namespace the way the program does: metadata.namespace from the Namespace. */
function netpol(namespace: string, name: string, spec: Record<string, unknown>, linked = true): Fixture {
    return {
        type: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
        name: `${namespace}-${name}`,
        props: { metadata: { name, namespace: linked ? namespace : "[unknown]" }, spec },
        propertyDependencies: linked ? { metadata: [urnOf("kubernetes:core/v1:Namespace", namespace)] } : {},
    };
}

const DENY_ALL = { podSelector: {}, policyTypes: ["Ingress", "Egress"] };
const ALLOW_DNS = { podSelector: {}, policyTypes: ["Egress"], egress: [{ to: [{ namespaceSelector: {} }] }] };

export const STACK_CASES: RuleCase[] = [
    {
        rule: rule("required-tags"),
        compliant: [
            { why: "AWS tags", fixture: { type: "aws:rds/instance:Instance", props: { tags: TAGS } } },
            { why: "GKE resourceLabels", fixture: { type: "gcp:container/cluster:Cluster", props: { resourceLabels: TAGS } } },
            { why: "Cloud SQL userLabels", fixture: { type: "gcp:sql/databaseInstance:DatabaseInstance", props: { settings: { userLabels: TAGS } } } },
            { why: "untaggable type", fixture: { type: "aws:ec2/route:Route", props: {} } },
        ],
        violating: [
            { why: "no tags", fixture: { type: "azure-native:storage:StorageAccount", props: {} }, expect: /Missing tags project, stack, environment, owner, cost-center/ },
            { why: "cost-center missing", fixture: { type: "gcp:storage/bucket:Bucket", props: { labels: { ...TAGS, "cost-center": undefined } } }, expect: /labels cost-center/ },
            { why: "configured extra tag", fixture: { type: "aws:kms/key:Key", props: { tags: TAGS } }, options: { config: { requiredTags: ["data-classification"] } } },
        ],
    },
    {
        rule: rule("stateful-resources-protected"),
        compliant: [
            { why: "protected in production", fixture: { type: "aws:rds/instance:Instance", props: {}, protect: true } },
            { why: "staging unprotected", fixture: { type: "gcp:sql/databaseInstance:DatabaseInstance", props: {} }, options: STAGING },
        ],
        violating: [
            { why: "unprotected Key Vault in production", fixture: { type: "azure-native:keyvault:Vault", props: {} }, expect: /Vault is not protected/ },
            { why: "unprotected bucket in production", fixture: { type: "gcp:storage/bucket:Bucket", props: {} } },
        ],
    },
    {
        rule: rule("k8s-namespace-network-policy"),
        compliant: [
            { why: "default deny plus allows", fixture: [ns("mlflow"), netpol("mlflow", "default-deny", DENY_ALL), netpol("mlflow", "allow-dns", ALLOW_DNS)] },
            { why: "namespaces outside the platform are not checked", fixture: [ns("team-a", {})] },
        ],
        violating: [
            { why: "namespace without policies", fixture: [ns("mlflow"), ns("serving"), netpol("mlflow", "default-deny", DENY_ALL)], expect: /serving has no NetworkPolicy/ },
            { why: "only allow policies", fixture: [ns("mlflow"), netpol("mlflow", "allow-dns", ALLOW_DNS)], expect: /no default-deny/ },
            { why: "policy not linked to the namespace", fixture: [ns("mlflow"), netpol("mlflow", "default-deny", DENY_ALL, false)], expect: /mlflow has no NetworkPolicy/ },
        ],
    },
];
