import { expect } from "chai";
import { overlaps } from "../../../components/config";
import { gcpPlan, inputsOf, ofType, one, STACKS, TYPES } from "./gcpPlans";

for (const stack of STACKS) {
    describe(`GCP network (${stack})`, () => {
        it("is a custom-mode VPC with one node subnet, its secondary ranges for pods and services", async () => {
            const p = await gcpPlan(stack);
            expect(inputsOf(p, TYPES.network).autoCreateSubnetworks).to.equal(false);
            const subnet = inputsOf(p, TYPES.subnet);
            const ranges = Object.fromEntries((subnet.secondaryIpRanges as { rangeName: string; ipCidrRange: string }[]).map((r) => [r.rangeName, r.ipCidrRange]));
            expect(ranges).to.deep.equal({ pods: "100.64.0.0/14", services: "172.20.0.0/16" });
            const primary = stack === "production" ? "10.40.0.0/16" : "10.50.0.0/16";
            expect(overlaps(subnet.ipCidrRange, primary)).to.equal(true);
            expect(subnet.privateIpGoogleAccess).to.equal(true);
            const alloc = inputsOf(p, TYPES.cluster).ipAllocationPolicy;
            expect(alloc).to.include({ clusterSecondaryRangeName: "pods", servicesSecondaryRangeName: "services" });
        });

        it("logs flows on the node subnet", async () => {
            const log = inputsOf(await gcpPlan(stack), TYPES.subnet).logConfig;
            expect(log.flowSampling).to.be.greaterThan(0);
            expect(log.metadata).to.equal("INCLUDE_ALL_METADATA");
        });

        it("sends egress through Cloud NAT on a Cloud Router, with error logging", async () => {
            const p = await gcpPlan(stack);
            const nat = inputsOf(p, TYPES.nat);
            expect(nat.router).to.equal(inputsOf(p, TYPES.router).name);
            expect(nat.natIpAllocateOption).to.equal("AUTO_ONLY");
            expect(nat.logConfig).to.deep.equal({ enable: true, filter: "ERRORS_ONLY" });
        });

        it("reserves the private services range and peers it with servicenetworking", async () => {
            const p = await gcpPlan(stack);
            const range = inputsOf(p, TYPES.globalAddress);
            expect(range).to.include({ purpose: "VPC_PEERING", addressType: "INTERNAL", address: "10.100.0.0", prefixLength: 16 });
            const connection = inputsOf(p, TYPES.connection);
            expect(connection.service).to.equal("servicenetworking.googleapis.com");
            expect(connection.reservedPeeringRanges).to.deep.equal([range.name]);
        });

        it("lets only the control plane range reach the webhook ports, only on the nodes", async () => {
            const p = await gcpPlan(stack);
            for (const rule of ofType(p, TYPES.firewall)) {
                expect(rule.inputs.sourceRanges).to.deep.equal(["172.16.0.0/28"]);
                expect(rule.inputs.targetServiceAccounts as string[]).to.have.length(1);
                expect(rule.inputs.sourceRanges as string[]).to.not.include("0.0.0.0/0");
            }
            expect(one(p, TYPES.firewall).inputs.direction).to.equal("INGRESS");
        });
    });
}
