/**
 * VPC over the configured zones: public subnets for load balancers and NAT, private subnets for
 * nodes, the database and the cache. One NAT gateway per zone in production, one in staging.
 */
import * as pulumi from "@pulumi/pulumi";
import {
    DefaultSecurityGroup,
    Eip,
    FlowLog,
    InternetGateway,
    NatGateway,
    Route,
    RouteTable,
    RouteTableAssociation,
    Subnet,
    Vpc,
    VpcEndpoint,
} from "@pulumi/aws/ec2";
import { Role, RolePolicy } from "@pulumi/aws/iam";
import { subnet } from "../../components/config";
import { AwsComponent, tags, type AwsContext } from "./context";
import { encryptedLogGroup } from "./logs";

export interface NetworkArgs {
    availabilityZones: pulumi.Output<string[]>;
    logsKeyArn: pulumi.Input<string>;
    /** The EKS cluster name, for the subnet discovery tags load balancer controllers read. */
    clusterName: string;
}

export class Network extends AwsComponent {
    readonly vpc: Vpc;
    readonly publicSubnets: Subnet[];
    readonly privateSubnets: Subnet[];
    readonly natGateways: NatGateway[];

    constructor(name: string, ctx: AwsContext, args: NetworkArgs, opts: pulumi.ComponentResourceOptions) {
        super("Network", name, ctx, opts);
        const net = ctx.spec.network;
        this.vpc = new Vpc(
            name,
            { cidrBlock: net.cidr, enableDnsHostnames: true, enableDnsSupport: true, tags: tags(ctx, { Name: name }) },
            this.child(),
        );
        // Nothing may use the default security group: strip its rules.
        new DefaultSecurityGroup(name, { vpcId: this.vpc.id, tags: tags(ctx, { Name: `${name}-default-deny` }) }, this.child());

        const zones = [...Array(net.zoneCount).keys()];
        const zone = (i: number) => args.availabilityZones.apply((names) => names[i]);
        const clusterTag = { [`kubernetes.io/cluster/${args.clusterName}`]: "shared" };
        // Private subnets are /19s of a /16 (pods take VPC addresses with the VPC CNI); public ones /22s.
        this.privateSubnets = zones.map(
            (i) =>
                new Subnet(
                    `${name}-private-${i}`,
                    {
                        vpcId: this.vpc.id,
                        cidrBlock: subnet(net.cidr, 3, i),
                        availabilityZone: zone(i),
                        tags: tags(ctx, { Name: `${name}-private-${i}`, "kubernetes.io/role/internal-elb": "1", ...clusterTag }),
                    },
                    this.child(),
                ),
        );
        this.publicSubnets = zones.map(
            (i) =>
                new Subnet(
                    `${name}-public-${i}`,
                    {
                        vpcId: this.vpc.id,
                        cidrBlock: subnet(net.cidr, 6, 32 + i),
                        availabilityZone: zone(i),
                        mapPublicIpOnLaunch: false,
                        tags: tags(ctx, { Name: `${name}-public-${i}`, "kubernetes.io/role/elb": "1", ...clusterTag }),
                    },
                    this.child(),
                ),
        );

        const igw = new InternetGateway(name, { vpcId: this.vpc.id, tags: tags(ctx, { Name: name }) }, this.child());
        const publicRoutes = new RouteTable(`${name}-public`, { vpcId: this.vpc.id, tags: tags(ctx, { Name: `${name}-public` }) }, this.child());
        new Route(`${name}-public-internet`, { routeTableId: publicRoutes.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id }, this.child());
        this.publicSubnets.forEach((s, i) => new RouteTableAssociation(`${name}-public-${i}`, { subnetId: s.id, routeTableId: publicRoutes.id }, this.child()));

        const natCount = net.natGateways === "perZone" ? net.zoneCount : 1;
        this.natGateways = zones.slice(0, natCount).map((i) => {
            const eip = new Eip(`${name}-nat-${i}`, { domain: "vpc", tags: tags(ctx, { Name: `${name}-nat-${i}` }) }, this.child());
            return new NatGateway(
                `${name}-nat-${i}`,
                { allocationId: eip.id, subnetId: this.publicSubnets[i].id, tags: tags(ctx, { Name: `${name}-nat-${i}` }) },
                this.child({ dependsOn: [igw] }),
            );
        });
        // Each private subnet leaves through its own zone's NAT when there is one per zone.
        const privateTables = this.privateSubnets.map((s, i) => {
            const table = new RouteTable(`${name}-private-${i}`, { vpcId: this.vpc.id, tags: tags(ctx, { Name: `${name}-private-${i}` }) }, this.child());
            new Route(
                `${name}-private-${i}-nat`,
                { routeTableId: table.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId: this.natGateways[i % natCount].id },
                this.child(),
            );
            new RouteTableAssociation(`${name}-private-${i}`, { subnetId: s.id, routeTableId: table.id }, this.child());
            return table;
        });
        this.s3Endpoint(name, privateTables);

        this.flowLogs(name, args.logsKeyArn);
        this.registerOutputs({ vpcId: this.vpc.id, privateSubnetIds: this.privateSubnets.map((s) => s.id) });
    }

    /**
     * S3 traffic from the private subnets (artifacts, ECR image layers) stays off the NAT gateways.
     * No endpoint policy: the default allows all S3, which ECR layer pulls from AWS-owned buckets
     * need; access is governed by IAM and the bucket policies.
     */
    private s3Endpoint(name: string, routeTables: RouteTable[]): VpcEndpoint {
        return new VpcEndpoint(
            `${name}-s3`,
            {
                vpcId: this.vpc.id,
                serviceName: `com.amazonaws.${this.ctx.region}.s3`,
                vpcEndpointType: "Gateway",
                routeTableIds: routeTables.map((t) => t.id),
                tags: tags(this.ctx, { Name: `${name}-s3` }),
            },
            this.child(),
        );
    }

    private flowLogs(name: string, keyArn: pulumi.Input<string>): void {
        const group = encryptedLogGroup(
            this.ctx,
            `${name}-flow-logs`,
            { name: `/aws/vpc/${name}/flow-logs`, retentionInDays: this.ctx.spec.network.flowLogRetentionDays, kmsKeyArn: keyArn },
            this.child(),
        );
        const { accountId, partition, region } = this.ctx;
        // The documented trust policy, scoped to this account's flow logs (confused-deputy guard).
        const role = new Role(
            `${name}-flow-logs`,
            {
                assumeRolePolicy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Principal: { Service: "vpc-flow-logs.amazonaws.com" },
                            Action: "sts:AssumeRole",
                            Condition: {
                                StringEquals: { "aws:SourceAccount": accountId },
                                ArnLike: { "aws:SourceArn": pulumi.interpolate`arn:${partition}:ec2:${region}:${accountId}:vpc-flow-log/*` },
                            },
                        },
                    ],
                }),
                tags: tags(this.ctx),
            },
            this.child(),
        );
        const permissions = new RolePolicy(
            `${name}-flow-logs`,
            {
                role: role.id,
                policy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Action: FLOW_LOG_ACTIONS,
                            Resource: [group.arn, pulumi.interpolate`${group.arn}:*`],
                        },
                        {
                            // The service lists log groups to find its destination.
                            Effect: "Allow",
                            Action: "logs:DescribeLogGroups",
                            Resource: pulumi.interpolate`arn:${partition}:logs:${region}:${accountId}:log-group:*`,
                        },
                    ],
                }),
            },
            this.child(),
        );
        new FlowLog(
            name,
            {
                vpcId: this.vpc.id,
                trafficType: "ALL",
                logDestinationType: "cloud-watch-logs",
                logDestination: group.arn,
                iamRoleArn: role.arn,
                maxAggregationInterval: 60,
                tags: tags(this.ctx, { Name: name }),
            },
            // The role must hold its permissions before the flow log is created.
            this.child({ dependsOn: [permissions] }),
        );
    }
}

/** The permissions the VPC Flow Logs user guide lists for publishing to CloudWatch Logs. */
const FLOW_LOG_ACTIONS = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"];
