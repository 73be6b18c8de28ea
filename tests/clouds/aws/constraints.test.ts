/**
 * One test per AWS row of docs/cloud-constraints.md, each reading the captured plan (dependency
 * edges for ordering). Titles start with the row number so the register can name them.
 */
import { expect } from "chai";
import type { CapturedResource } from "../../../automation/capture";
import type { PlannedStack } from "../../../automation/planStack";
import { EKS_ADDON_VERSIONS } from "../../../components/config/clouds/aws";
import { ofType, okPlan, one, plan, STACKS } from "../../support/plans";
import { planOn, warningsOf } from "./awsPlans";

const T = {
    addon: "aws:eks/addon:Addon",
    attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    bucketLogging: "aws:s3/bucketLogging:BucketLogging",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    cluster: "aws:eks/cluster:Cluster",
    flowLog: "aws:ec2/flowLog:FlowLog",
    ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    instance: "aws:rds/instance:Instance",
    key: "aws:kms/key:Key",
    lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    nodeGroup: "aws:eks/nodeGroup:NodeGroup",
    parameterGroup: "aws:rds/parameterGroup:ParameterGroup",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    routeTable: "aws:ec2/routeTable:RouteTable",
    versioning: "aws:s3/bucketVersioning:BucketVersioning",
    vpcEndpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
} as const;

const DEPLOYER = "arn:aws:iam::123456789012:role/ml-platform-deployer";
const RUNNER = "10.60.0.0/24";

function named(p: PlannedStack, type: string, suffix: string): CapturedResource {
    const found = ofType(p, type).filter((r) => r.name.endsWith(suffix));
    if (found.length !== 1) throw new Error(`expected one ${type} named *${suffix}, found ${found.length}`);
    return found[0];
}

function addon(p: PlannedStack, addonName: string): CapturedResource {
    return ofType(p, T.addon).find((a) => a.inputs.addonName === addonName)!;
}

async function configError(overrides: Record<string, unknown>, stack = "production"): Promise<string> {
    const result = await plan(stack, undefined, overrides);
    expect(result.error, "the config must be refused").to.not.equal(undefined);
    expect(result.resources.map((r) => r.type), "refused before any resource").to.deep.equal(["pulumi:pulumi:Stack"]);
    return result.error!.message;
}

const awsSection = (extra: Record<string, unknown>) => ({ aws: { region: "us-east-1", clusterAdmins: [DEPLOYER], ...extra } });

describe("AWS constraints", () => {
    it("AWS-1 refuses a Kubernetes minor past EKS standard support unless extended support is chosen", async () => {
        const after = new Date("2026-12-03T00:00:00Z");
        const refused = await planOn(after, "production", { kubernetesVersion: "1.34" });
        expect(refused.error!.message).to.match(/ml-platform:kubernetesVersion: EKS standard support for Kubernetes 1\.34 ended on 2026-12-02/);
        expect(refused.error!.message).to.contain("ml-platform:aws.upgradePolicy");
        const extended = await planOn(after, "production", { kubernetesVersion: "1.34", ...awsSection({ upgradePolicy: "EXTENDED" }) });
        expect(extended.error).to.equal(undefined);
        expect(one(extended, T.cluster).inputs.upgradePolicy).to.deep.equal({ supportType: "EXTENDED" });
        const beyond = await planOn(new Date("2027-12-02T00:00:00Z"), "production", { kubernetesVersion: "1.34", ...awsSection({ upgradePolicy: "EXTENDED" }) });
        expect(beyond.error!.message).to.match(/ml-platform:kubernetesVersion: EKS support for Kubernetes 1\.34, extended included, ended/);
    });

    it("AWS-2 warns within 60 days of the end of standard support, and not before", async () => {
        const near = await planOn(new Date("2026-12-01T12:00:00Z"), "staging", { kubernetesVersion: "1.34" });
        expect(near.error).to.equal(undefined);
        expect(warningsOf(near)).to.deep.equal(["EKS standard support for Kubernetes 1.34 ends on 2026-12-02 (in 1 day): raise ml-platform:kubernetesVersion before then"]);
        const shipped = await planOn(new Date("2026-12-01T12:00:00Z"), "staging");
        expect(warningsOf(shipped), "the shipped 1.35 is far from its end").to.deep.equal([]);
        const later = await planOn(new Date("2027-02-10T00:00:00Z"), "staging");
        expect(warningsOf(later)[0]).to.match(/Kubernetes 1\.35 ends on 2027-03-27 \(in 45 days\)/);
    });

    for (const stack of STACKS) {
        it(`AWS-3 (${stack}) pins every add-on to the versions listed for the cluster's minor`, async () => {
            const p = await okPlan(stack);
            const version = one(p, T.cluster).inputs.version as string;
            expect(version).to.equal("1.35");
            const pins = EKS_ADDON_VERSIONS[version];
            for (const a of ofType(p, T.addon)) expect(a.inputs.addonVersion, a.name).to.equal(pins[a.inputs.addonName as keyof typeof pins]);
            for (const g of ofType(p, T.nodeGroup)) expect(g.inputs.version, g.name).to.equal(version);
        });
    }

    it("AWS-4 allows the PostgreSQL major upgrade the config accepts", async () => {
        for (const stack of STACKS) expect(one(await okPlan(stack), T.instance).inputs.allowMajorVersionUpgrade).to.equal(true);
    });

    it("AWS-5 keeps a parameter group per accepted family, so a major upgrade switches to one that already exists", async () => {
        const on17 = await okPlan("production");
        const on16 = await okPlan("production", undefined, { database: { engineVersion: "16", size: "large", storageGb: 200, maxStorageGb: 1000, highAvailability: true, backupRetentionDays: 30 } });
        const urns = (p: PlannedStack) => ofType(p, T.parameterGroup).map((g) => g.urn).sort();
        expect(urns(on16), "the same groups exist before and after the upgrade").to.deep.equal(urns(on17));
        expect(ofType(on17, T.parameterGroup).map((g) => g.inputs.family).sort()).to.deep.equal(["postgres16", "postgres17"]);
        for (const p of [on16, on17]) {
            const db = one(p, T.instance);
            const group = ofType(p, T.parameterGroup).find((g) => g.name === db.inputs.parameterGroupName)!;
            expect(group.inputs.family).to.equal(`postgres${db.inputs.engineVersion}`);
            expect(db.dependencies).to.include(group.urn);
        }
    });

    for (const stack of STACKS) {
        it(`AWS-6 (${stack}) creates the RDS log groups first, KMS-encrypted and retained`, async () => {
            const p = await okPlan(stack);
            const db = one(p, T.instance);
            const exports = db.inputs.enabledCloudwatchLogsExports as string[];
            expect(exports).to.have.members(["postgresql", "upgrade"]);
            for (const log of exports) {
                const group = ofType(p, T.logGroup).find((g) => g.inputs.name === `/aws/rds/instance/${db.inputs.identifier}/${log}`)!;
                expect(group, log).to.not.equal(undefined);
                expect(group.inputs.kmsKeyId).to.match(/^arn:aws:kms:/);
                expect(group.inputs.retentionInDays).to.be.greaterThan(0);
                expect(db.dependencies, `the instance waits for ${log}`).to.include(group.urn);
            }
        });
    }

    it("AWS-7 creates the enhanced-monitoring instance only once its role holds the policy", async () => {
        const p = await okPlan("production");
        const db = one(p, T.instance);
        const attachment = named(p, T.attachment, "-postgres-monitoring");
        expect(attachment.inputs.policyArn).to.match(/service-role\/AmazonRDSEnhancedMonitoringRole$/);
        expect(db.inputs.monitoringInterval).to.be.greaterThan(0);
        expect(db.dependencies).to.include(attachment.urn);
    });

    it("AWS-8 gives the flow-log role the actions AWS documents", async () => {
        const p = await okPlan("production");
        const statements = JSON.parse(named(p, T.rolePolicy, "-flow-logs").inputs.policy as string).Statement as { Action: string | string[] }[];
        const actions = statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
        expect(actions).to.include.members(["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups", "logs:DescribeLogStreams"]);
    });

    it("AWS-9 lets only this account's flow logs assume the flow-log role", async () => {
        const p = await okPlan("production");
        const trust = JSON.parse(named(p, T.role, "-flow-logs").inputs.assumeRolePolicy as string).Statement[0];
        expect(trust.Principal).to.deep.equal({ Service: "vpc-flow-logs.amazonaws.com" });
        expect(trust.Condition.StringEquals["aws:SourceAccount"]).to.equal("123456789012");
        expect(trust.Condition.ArnLike["aws:SourceArn"]).to.equal("arn:aws:ec2:us-east-1:123456789012:vpc-flow-log/*");
    });

    it("AWS-10 creates the flow log after its role's permissions", async () => {
        const p = await okPlan("production");
        expect(one(p, T.flowLog).dependencies).to.include(named(p, T.rolePolicy, "-flow-logs").urn);
    });

    for (const stack of STACKS) {
        it(`AWS-11 (${stack}) routes every private subnet's S3 traffic through a gateway endpoint without a restrictive policy`, async () => {
            const p = await okPlan(stack);
            const endpoint = one(p, T.vpcEndpoint);
            expect(endpoint.inputs).to.include({ serviceName: "com.amazonaws.us-east-1.s3", vpcEndpointType: "Gateway" });
            const privateTables = ofType(p, T.routeTable).filter((t) => /-private-\d+$/.test(t.name));
            expect(privateTables).to.have.length.greaterThan(1);
            expect(endpoint.inputs.routeTableIds).to.have.members(privateTables.map((t) => `${t.name}-id`));
            // ECR serves image layers from AWS-owned S3 buckets: a policy limited to our buckets breaks pulls.
            expect(endpoint.inputs.policy).to.equal(undefined);
        });
    }

    for (const stack of STACKS) {
        it(`AWS-12 (${stack}) turns on the VPC CNI network-policy agent`, async () => {
            const config = JSON.parse(addon(await okPlan(stack), "vpc-cni").inputs.configurationValues as string);
            expect(config.enableNetworkPolicy).to.equal("true");
        });
    }

    for (const stack of STACKS) {
        it(`AWS-13 (${stack}) keeps the shipped API private and admits the runner's range on 443`, async () => {
            const p = await okPlan(stack);
            const cluster = one(p, T.cluster);
            expect(cluster.inputs.vpcConfig).to.include({ endpointPrivateAccess: true, endpointPublicAccess: false });
            const rule = ofType(p, T.ingress).find((r) => r.inputs.cidrIpv4 === RUNNER)!;
            expect(rule.inputs).to.include({ securityGroupId: `sg-cluster-${cluster.name}`, ipProtocol: "tcp", fromPort: 443, toPort: 443 });
        });
    }

    it("AWS-14 refuses a private API that no runner could reach, or a public allow-list it would ignore", async () => {
        const noRunner = await configError({ cluster: { privateApiAllowedCidrs: [] } });
        expect(noRunner).to.match(/ml-platform:cluster\.privateApiAllowedCidrs: must list the deploying runner's range when ml-platform:aws\.apiAccess is "private"/);
        const ignored = await configError({ cluster: { apiAllowedCidrs: ["203.0.113.0/28"], privateApiAllowedCidrs: [RUNNER] } });
        expect(ignored).to.match(/ml-platform:cluster\.apiAllowedCidrs: must be empty when ml-platform:aws\.apiAccess is "private"/);
    });

    it("AWS-15 opens the public endpoint only to a non-empty allow-list in allowList mode", async () => {
        const empty = await configError({ cluster: { privateApiAllowedCidrs: [RUNNER] }, ...awsSection({ apiAccess: "allowList" }) });
        expect(empty).to.match(/ml-platform:cluster\.apiAllowedCidrs: must list the runner ranges allowed to the public endpoint when ml-platform:aws\.apiAccess is "allowList"/);
        const p = await okPlan("production", undefined, { cluster: { apiAllowedCidrs: ["203.0.113.0/28"], privateApiAllowedCidrs: [] }, ...awsSection({ apiAccess: "allowList" }) });
        expect(one(p, T.cluster).inputs.vpcConfig).to.include({ endpointPrivateAccess: true, endpointPublicAccess: true });
        expect((one(p, T.cluster).inputs.vpcConfig as { publicAccessCidrs: string[] }).publicAccessCidrs).to.deep.equal(["203.0.113.0/28"]);
    });

    for (const stack of STACKS) {
        it(`AWS-16 (${stack}) installs the CNI and kube-proxy before nodes and CoreDNS and the CSI driver after`, async () => {
            const p = await okPlan(stack);
            expect(one(p, T.cluster).inputs.bootstrapSelfManagedAddons).to.equal(false);
            const groups = ofType(p, T.nodeGroup);
            for (const g of groups) for (const a of ["vpc-cni", "kube-proxy"]) expect(g.dependencies, `${g.name} after ${a}`).to.include(addon(p, a).urn);
            for (const a of ["coredns", "aws-ebs-csi-driver"]) expect(addon(p, a).dependencies).to.include.members(groups.map((g) => g.urn));
        });
    }

    it("AWS-17 hands IRSA roles to add-ons only once their policies are attached", async () => {
        const p = await okPlan("production");
        for (const [name, policy] of [["vpc-cni", "AmazonEKS_CNI_Policy"], ["aws-ebs-csi-driver", "AmazonEBSCSIDriverPolicy"]]) {
            const attachment = ofType(p, T.attachment).find((a) => (a.inputs.policyArn as string).endsWith(`/${policy}`))!;
            expect(addon(p, name).dependencies, name).to.include(attachment.urn);
        }
    });

    it("AWS-18 creates the EKS control-plane log group before the cluster", async () => {
        const p = await okPlan("production");
        const cluster = one(p, T.cluster);
        const group = ofType(p, T.logGroup).find((g) => g.inputs.name === `/aws/eks/${cluster.inputs.name}/cluster`)!;
        expect(group.inputs.kmsKeyId).to.match(/^arn:aws:kms:/);
        expect(cluster.dependencies).to.include(group.urn);
    });

    it("AWS-19 refuses a Kubernetes service range outside the private blocks EKS accepts", async () => {
        const message = await configError({ network: { cidr: "10.40.0.0/16", zoneCount: 3, natGateways: "perZone", serviceCidr: "100.96.0.0/16" } });
        expect(message).to.match(/ml-platform:network\.serviceCidr: EKS needs the service range inside 10\.0\.0\.0\/8, 172\.16\.0\.0\/12, 192\.168\.0\.0\/16/);
        expect(one(await okPlan("production"), T.cluster).inputs.kubernetesNetworkConfig).to.deep.include({ serviceIpv4Cidr: "172.20.0.0/16" });
    });

    it("AWS-20 enables access logging only after the log bucket admits the logging service", async () => {
        const p = await okPlan("production");
        const logging = named(p, T.bucketLogging, "-artifacts");
        const policy = named(p, T.bucketPolicy, "-access-logs");
        const statement = JSON.parse(policy.inputs.policy as string).Statement.find((s: { Sid: string }) => s.Sid === "S3ServerAccessLogs");
        expect(statement.Principal).to.deep.equal({ Service: "logging.s3.amazonaws.com" });
        expect(logging.dependencies).to.include(policy.urn);
    });

    it("AWS-21 refuses a single-zone network on EKS", async () => {
        const message = await configError({ network: { cidr: "10.40.0.0/16", zoneCount: 1, natGateways: "single" } });
        expect(message).to.match(/ml-platform:network\.zoneCount: EKS needs subnets in at least 2 availability zones/);
    });

    it("AWS-22 lets the control plane use the secrets key before the cluster is created", async () => {
        const p = await okPlan("production");
        const grant = named(p, T.rolePolicy, "-control-plane-secrets-key");
        const key = ofType(p, T.key).find((k) => k.name.endsWith("-eks-secrets"))!;
        const statement = JSON.parse(grant.inputs.policy as string).Statement[0];
        expect(statement.Action).to.include.members(["kms:Encrypt", "kms:Decrypt", "kms:DescribeKey"]);
        expect(statement.Resource).to.equal(`arn:aws:kms:us-east-1:123456789012:key/${key.name}`);
        expect(one(p, T.cluster).dependencies).to.include(grant.urn);
    });

    it("AWS-23 applies noncurrent-version lifecycle rules only after versioning is on", async () => {
        const p = await okPlan("production");
        for (const suffix of ["-artifacts", "-access-logs"]) {
            expect(named(p, T.lifecycle, suffix).dependencies, suffix).to.include(named(p, T.versioning, suffix).urn);
        }
    });

    it("AWS-24 lets CloudWatch Logs use the data key for this account's log groups only", async () => {
        const p = await okPlan("production");
        const dataKey = ofType(p, T.key).find((k) => k.name.endsWith("-data"))!;
        const statement = JSON.parse(dataKey.inputs.policy as string).Statement.find((s: { Sid: string }) => s.Sid === "CloudWatchLogs");
        expect(statement.Principal).to.deep.equal({ Service: "logs.us-east-1.amazonaws.com" });
        expect(statement.Condition.ArnLike["kms:EncryptionContext:aws:logs:arn"]).to.equal("arn:aws:logs:us-east-1:123456789012:*");
        for (const g of ofType(p, T.logGroup)) expect(g.inputs.kmsKeyId, g.name).to.equal(`arn:aws:kms:us-east-1:123456789012:key/${dataKey.name}`);
    });

    it("AWS-25 keeps DNS support and hostnames on in the VPC, which the private endpoint needs", async () => {
        for (const stack of STACKS) expect(one(await okPlan(stack), "aws:ec2/vpc:Vpc").inputs).to.include({ enableDnsSupport: true, enableDnsHostnames: true });
    });

    it("AWS-26 turns on Multi-AZ only with automatic failover and a replica to fail over to", async () => {
        const production = one(await okPlan("production"), "aws:elasticache/replicationGroup:ReplicationGroup").inputs;
        expect(production).to.include({ multiAzEnabled: true, automaticFailoverEnabled: true });
        expect(production.numCacheClusters).to.be.at.least(2);
        const staging = one(await okPlan("staging"), "aws:elasticache/replicationGroup:ReplicationGroup").inputs;
        expect(staging).to.include({ multiAzEnabled: false, automaticFailoverEnabled: false, numCacheClusters: 1 });
    });

    it("AWS-27 generates credentials from characters RDS and ElastiCache accept", async () => {
        const p = await okPlan("production");
        const password = (suffix: string) => named(p, "random:index/randomPassword:RandomPassword", suffix).inputs;
        for (const [suffix, forbidden] of [["-postgres", /[\/@" ]/], ["-redis", /[@"\/ ]/]] as const) {
            const inputs = password(suffix);
            expect(inputs.special).to.equal(true);
            expect(inputs.overrideSpecial as string, suffix).to.not.match(forbidden);
        }
        const redis = password("-redis");
        expect(redis.length).to.be.within(16, 128);
    });

    it("AWS-28 grants admins through explicit access entries only, with no implicit creator entry to collide with", async () => {
        const p = await okPlan("production");
        expect(one(p, T.cluster).inputs.accessConfig).to.deep.include({ bootstrapClusterCreatorAdminPermissions: false });
        const entries = ofType(p, "aws:eks/accessEntry:AccessEntry");
        expect(entries.map((e) => e.inputs.principalArn)).to.have.members([DEPLOYER, "arn:aws:iam::123456789012:role/ml-platform-admins"]);
        // Managed node groups get their node role's entry from EKS itself.
        expect(entries.filter((e) => e.inputs.type !== "STANDARD")).to.deep.equal([]);
    });

    for (const stack of STACKS) {
        it(`AWS-29 (${stack}) Kubernetes objects wait for the node groups, CoreDNS, the CSI driver and the runner's API rule`, async () => {
            const p = await okPlan(stack);
            const provider = one(p, "pulumi:providers:kubernetes");
            const waitsFor = (r: CapturedResource) => expect(provider.dependencies, r.name).to.include(r.urn);
            ofType(p, T.nodeGroup).forEach(waitsFor);
            ["coredns", "aws-ebs-csi-driver"].forEach((a) => waitsFor(addon(p, a)));
            const runnerRules = ofType(p, T.ingress).filter((r) => r.inputs.cidrIpv4 === RUNNER && r.inputs.fromPort === 443);
            expect(runnerRules).to.have.length(1);
            runnerRules.forEach(waitsFor);
        });
    }

    it("AWS-30 subnets avoid the availability-zone IDs where EKS refuses control-plane subnets", async () => {
        const p = await okPlan("production");
        const zones = ofType(p, "aws:ec2/subnet:Subnet").map((s) => s.inputs.availabilityZone);
        // The mock account maps us-east-1a to use1-az3 and honours excludeZoneIds as the API does.
        expect(zones).to.not.include("us-east-1a");
        expect(new Set(zones).size).to.equal(3);
    });

    it("AWS-31 final snapshots get a name of their own per life of the instance (a fixed name fails the second deletion)", async () => {
        const p = await okPlan("production");
        for (const type of [T.instance, "aws:elasticache/replicationGroup:ReplicationGroup"]) {
            const snapshot = String(one(p, type).inputs.finalSnapshotIdentifier);
            expect(snapshot, type).to.match(/-final-[0-9a-f]+$/);
        }
        expect(ofType(p, "random:index/randomId:RandomId").filter((r) => r.name.endsWith("-final-snapshot"))).to.have.length(2);
    });
});
