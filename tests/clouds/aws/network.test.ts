import { expect } from "chai";
import { overlaps } from "../../../components/config";
import { ofType, okPlan, one } from "../../support/plans";

describe("AWS network", () => {
    it("spreads production over three zones with a NAT gateway in each", async () => {
        const p = await okPlan("production");
        const privateSubnets = ofType(p, "aws:ec2/subnet:Subnet").filter((s) => s.name.includes("-private-"));
        expect(new Set(privateSubnets.map((s) => s.inputs.availabilityZone)).size).to.equal(3);
        expect(ofType(p, "aws:ec2/natGateway:NatGateway")).to.have.length(3);
    });

    it("gives staging a single NAT gateway", async () => {
        expect(ofType(await okPlan("staging"), "aws:ec2/natGateway:NatGateway")).to.have.length(1);
    });

    it("carves non-overlapping subnets out of the VPC range", async () => {
        const p = await okPlan("production");
        const cidrs = ofType(p, "aws:ec2/subnet:Subnet").map((s) => s.inputs.cidrBlock as string);
        cidrs.forEach((a, i) => cidrs.slice(i + 1).forEach((b) => expect(overlaps(a, b), `${a} vs ${b}`).to.equal(false)));
        for (const c of cidrs) expect(overlaps(c, one(p, "aws:ec2/vpc:Vpc").inputs.cidrBlock as string)).to.equal(true);
    });

    it("never gives instances in public subnets a public IP by default", async () => {
        for (const s of ofType(await okPlan("production"), "aws:ec2/subnet:Subnet")) expect(s.inputs.mapPublicIpOnLaunch ?? false).to.equal(false);
    });

    it("records all VPC traffic in encrypted flow logs", async () => {
        const p = await okPlan("production");
        const flow = one(p, "aws:ec2/flowLog:FlowLog");
        expect(flow.inputs.trafficType).to.equal("ALL");
        const group = ofType(p, "aws:cloudwatch/logGroup:LogGroup").find((g) => flow.inputs.logDestination === `arn:aws:logs:us-east-1:123456789012:log-group:${g.inputs.name}`)!;
        expect(group.inputs.kmsKeyId).to.match(/^arn:aws:kms:/);
    });

    it("strips the default security group of all rules", async () => {
        const sg = one(await okPlan("production"), "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup");
        expect(sg.inputs.ingress ?? []).to.deep.equal([]);
        expect(sg.inputs.egress ?? []).to.deep.equal([]);
    });
});
