import type { Inputs, ProviderMocks } from "./types";

const ACCOUNT = "123456789012";
const REGION = "us-east-1";
const arn = (service: string, resource: string) => `arn:aws:${service}:${REGION}:${ACCOUNT}:${resource}`;

export const awsMocks: ProviderMocks = {
    states: {
        "aws:eks/cluster:Cluster": (name, inputs: Inputs) => ({
            arn: arn("eks", `cluster/${inputs.name ?? name}`),
            endpoint: `https://${(inputs.name ?? name).toUpperCase()}.gr7.${REGION}.eks.amazonaws.com`,
            certificateAuthority: { data: "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1PQ0sKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=" },
            identities: [{ oidcs: [{ issuer: `https://oidc.eks.${REGION}.amazonaws.com/id/MOCK${name.length}` }] }],
            vpcConfig: { ...inputs.vpcConfig, clusterSecurityGroupId: `sg-cluster-${name}`, vpcId: "vpc-mock" },
            status: "ACTIVE",
        }),
        "aws:iam/openIdConnectProvider:OpenIdConnectProvider": (name) => ({ arn: `arn:aws:iam::${ACCOUNT}:oidc-provider/${name}` }),
        "aws:iam/role:Role": (name, inputs) => ({ arn: `arn:aws:iam::${ACCOUNT}:role/${inputs.namePrefix ?? name}`, name: inputs.namePrefix ?? name }),
        "aws:kms/key:Key": (name) => ({ arn: arn("kms", `key/${name}`), keyId: `key-${name}` }),
        "aws:rds/instance:Instance": (name, inputs) => ({
            address: `${inputs.identifier ?? name}.abcdefghij.${REGION}.rds.amazonaws.com`,
            endpoint: `${inputs.identifier ?? name}.abcdefghij.${REGION}.rds.amazonaws.com:5432`,
            port: inputs.port ?? 5432,
            arn: arn("rds", `db:${name}`),
        }),
        "aws:rds/parameterGroup:ParameterGroup": (name) => ({ name }),
        "aws:rds/subnetGroup:SubnetGroup": (name) => ({ name }),
        "aws:elasticache/subnetGroup:SubnetGroup": (name) => ({ name }),
        "aws:elasticache/replicationGroup:ReplicationGroup": (name) => ({
            primaryEndpointAddress: `master.${name}.abcdef.use1.cache.amazonaws.com`,
            arn: arn("elasticache", `replicationgroup:${name}`),
        }),
        "aws:s3/bucket:Bucket": (name) => ({ bucket: `${name}-a1b2c3d`, arn: `arn:aws:s3:::${name}-a1b2c3d` }),
        "aws:cloudwatch/logGroup:LogGroup": (name, inputs) => ({ arn: arn("logs", `log-group:${inputs.name ?? name}`) }),
        "aws:ec2/launchTemplate:LaunchTemplate": () => ({ latestVersion: 1 }),
        "aws:eks/nodeGroup:NodeGroup": (name) => ({ nodeGroupName: name, arn: arn("eks", `nodegroup/${name}`) }),
        // Secrets Manager appends six random characters to a secret's name in its ARN.
        "aws:secretsmanager/secret:Secret": (name, inputs) => ({ arn: arn("secretsmanager", `secret:${inputs.name ?? name}-AbC123`) }),
    },
    calls: {
        "aws:index/getCallerIdentity:getCallerIdentity": () => ({ accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:role/deployer`, userId: "AROAMOCK" }),
        "aws:index/getPartition:getPartition": () => ({ partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" }),
        // An account whose first zone name maps to use1-az3, where EKS refuses control-plane subnets:
        // the mock honours excludeZoneIds as the API does, so the plan shows whether it is passed.
        "aws:index/getAvailabilityZones:getAvailabilityZones": (inputs) => {
            const zones = [["us-east-1a", "use1-az3"], ["us-east-1b", "use1-az1"], ["us-east-1c", "use1-az2"], ["us-east-1d", "use1-az4"], ["us-east-1e", "use1-az6"]];
            const excluded = new Set<string>((inputs.excludeZoneIds as string[] | undefined) ?? []);
            const kept = zones.filter(([, id]) => !excluded.has(id));
            return { names: kept.map(([n]) => n), zoneIds: kept.map(([, id]) => id) };
        },
    },
};
