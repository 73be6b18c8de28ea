/**
 * Where each taggable resource type keeps its cost/ownership tags. Listed explicitly because a
 * resource that omits its tags looks the same as one that cannot carry any; the test suite checks
 * this table against the provider SDKs for every type the shipped stacks create.
 */
import type { Props } from "./rule";

type TagPath = "tags" | "labels" | "resourceLabels" | "settings.userLabels" | "userLabels";

const AWS_TAGGED = [
    "cloudwatch/logGroup:LogGroup", "ec2/defaultSecurityGroup:DefaultSecurityGroup", "ec2/eip:Eip", "ec2/flowLog:FlowLog",
    "ec2/instance:Instance", "ec2/internetGateway:InternetGateway", "ec2/launchTemplate:LaunchTemplate", "ec2/natGateway:NatGateway",
    "ec2/routeTable:RouteTable", "ec2/securityGroup:SecurityGroup", "ec2/subnet:Subnet", "ec2/vpc:Vpc", "ec2/vpcEndpoint:VpcEndpoint",
    "budgets/budget:Budget", "ecr/repository:Repository", "eks/accessEntry:AccessEntry", "eks/addon:Addon", "eks/cluster:Cluster", "eks/nodeGroup:NodeGroup",
    "elasticache/replicationGroup:ReplicationGroup", "elasticache/subnetGroup:SubnetGroup", "iam/openIdConnectProvider:OpenIdConnectProvider",
    "iam/policy:Policy", "iam/role:Role", "kms/key:Key", "rds/cluster:Cluster", "rds/instance:Instance", "rds/parameterGroup:ParameterGroup",
    "rds/subnetGroup:SubnetGroup", "route53/zone:Zone", "s3/bucket:Bucket", "s3/bucketV2:BucketV2", "secretsmanager/secret:Secret",
    "vpc/securityGroupIngressRule:SecurityGroupIngressRule", "vpc/securityGroupEgressRule:SecurityGroupEgressRule",
].map((t) => `aws:${t}`);

const AZURE_TAGGED = [
    "containerregistry:Registry", "containerservice:AgentPool", "containerservice:ManagedCluster", "dbforpostgresql:Server", "dns:Zone",
    "keyvault:Key", "keyvault:Secret", "keyvault:Vault", "managedidentity:UserAssignedIdentity", "monitor:DataCollectionRule", "network:NatGateway", "network:NetworkSecurityGroup",
    "network:PrivateEndpoint", "network:PublicIPAddress", "network:VirtualNetwork", "operationalinsights:Workspace",
    "privatedns:PrivateZone", "privatedns:VirtualNetworkLink", "redis:Redis", "redisenterprise:RedisEnterprise",
    "resources:ResourceGroup", "storage:StorageAccount",
].map((t) => `azure-native:${t}`);

const GCP_LABELLED = [
    "artifactregistry/repository:Repository", "compute/address:Address", "compute/globalAddress:GlobalAddress", "compute/instance:Instance",
    "dns/managedZone:ManagedZone", "kms/cryptoKey:CryptoKey", "redis/instance:Instance", "secretmanager/secret:Secret", "storage/bucket:Bucket",
].map((t) => `gcp:${t}`);

export const TAG_PATHS: Readonly<Record<string, TagPath>> = {
    ...Object.fromEntries(AWS_TAGGED.map((t) => [t, "tags"])),
    ...Object.fromEntries(AZURE_TAGGED.map((t) => [t, "tags"])),
    ...Object.fromEntries(GCP_LABELLED.map((t) => [t, "labels"])),
    "gcp:container/cluster:Cluster": "resourceLabels",
    "gcp:sql/databaseInstance:DatabaseInstance": "settings.userLabels",
    // A notification channel's `labels` configure the channel (e.g. its e-mail address).
    "gcp:monitoring/notificationChannel:NotificationChannel": "userLabels",
};

export function tagPathOf(type: string): TagPath | undefined {
    return TAG_PATHS[type];
}

export function tagsAt(props: Props, path: TagPath): Record<string, unknown> {
    const value = path.split(".").reduce<unknown>((obj, key) => (obj as Props | undefined)?.[key], props);
    return (value ?? {}) as Record<string, unknown>;
}
