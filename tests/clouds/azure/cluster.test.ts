import { expect } from "chai";
import { azurePlan, azurePlanWith, inputsOf, natEgressRanges, ofType, STACKS } from "./azurePlans";

const CLUSTER = "azure-native:containerservice:ManagedCluster";
const AGENT_POOL = "azure-native:containerservice:AgentPool";
export const ALLOW_LIST = { azure: { apiAccess: "allowList" }, cluster: { apiAllowedCidrs: ["203.0.113.0/28"] } };

describe("Azure AKS cluster", () => {
    for (const stack of STACKS) {
        it(`(${stack}) uses Entra ID with Azure RBAC and has no local accounts`, async () => {
            const c = inputsOf(await azurePlan(stack), CLUSTER);
            expect(c.disableLocalAccounts).to.equal(true);
            expect(c.aadProfile).to.include({ managed: true, enableAzureRBAC: true });
            expect(c.aadProfile.adminGroupObjectIDs).to.have.length.greaterThan(0);
            expect(c.identity.type).to.equal("UserAssigned");
            expect(c.identity.userAssignedIdentities).to.have.length(1);
        });

        it(`(${stack}) restricts a public API to the configured ranges and the NAT egress, never 0.0.0.0/0`, async () => {
            const p = await azurePlanWith(stack, ALLOW_LIST);
            const c = inputsOf(p, CLUSTER);
            const natIps = natEgressRanges(p);
            expect(natIps).to.have.length(stack === "production" ? 3 : 1);
            expect(c.apiServerAccessProfile.enablePrivateCluster).to.equal(false);
            expect(c.apiServerAccessProfile.authorizedIPRanges).to.deep.equal(["203.0.113.0/28", ...natIps]);
            expect(c.apiServerAccessProfile.authorizedIPRanges).to.not.include("0.0.0.0/0");
        });

        it(`(${stack}) runs Azure CNI overlay with Cilium network policy, OIDC issuer and workload identity`, async () => {
            const c = inputsOf(await azurePlan(stack), CLUSTER);
            expect(c.networkProfile).to.include({ networkPlugin: "azure", networkPluginMode: "overlay", networkPolicy: "cilium", outboundType: "userAssignedNATGateway" });
            expect(c.networkProfile).to.include({ podCidr: "100.64.0.0/14", serviceCidr: "172.20.0.0/16", dnsServiceIP: "172.20.0.10" });
            expect(c.oidcIssuerProfile.enabled).to.equal(true);
            expect(c.securityProfile.workloadIdentity.enabled).to.equal(true);
        });

        it(`(${stack}) auto-upgrades, sends Container Insights to Log Analytics and runs the Key Vault secrets provider`, async () => {
            const p = await azurePlan(stack);
            const c = inputsOf(p, CLUSTER);
            expect(c.autoUpgradeProfile).to.deep.equal({ upgradeChannel: "patch", nodeOSUpgradeChannel: "NodeImage" });
            const workspace = ofType(p, "azure-native:operationalinsights:Workspace")[0];
            expect(c.addonProfiles.omsagent.enabled).to.equal(true);
            expect(c.addonProfiles.omsagent.config.logAnalyticsWorkspaceResourceID).to.equal(`${workspace.name}-id`);
            expect(c.addonProfiles.azureKeyvaultSecretsProvider.enabled).to.equal(true);
        });

        it(`(${stack}) has system pools tainted CriticalAddonsOnly covering the configured zones`, async () => {
            const p = await azurePlan(stack);
            const [inline] = inputsOf(p, CLUSTER).agentPoolProfiles;
            const systems = [inline, ...ofType(p, AGENT_POOL).map((r) => r.inputs as Record<string, any>).filter((a) => a.mode === "System")];
            const zones = stack === "production" ? ["1", "2", "3"] : ["1", "2"];
            for (const system of systems) {
                expect(system).to.include({ mode: "System", enableAutoScaling: true, osSKU: "AzureLinux" });
                expect(system.nodeTaints).to.deep.equal(["CriticalAddonsOnly=true:NoSchedule"]);
            }
            expect(systems.flatMap((s) => s.availabilityZones).sort()).to.deep.equal(zones);
        });

        it(`(${stack}) adds autoscaling user pools covering the same zones`, async () => {
            const pools = ofType(await azurePlan(stack), AGENT_POOL).map((r) => r.inputs as Record<string, any>);
            const users = pools.filter((p) => p.mode === "User");
            const kinds = [...new Set(users.map((p) => p.nodeLabels["ml-platform/pool"]))];
            expect(kinds).to.include.members(["workloads", "spot"]);
            for (const pool of users) {
                expect(pool, pool.agentPoolName).to.include({ mode: "User", enableAutoScaling: true });
                expect(pool.maxCount).to.be.at.least(pool.minCount);
                expect(pool.agentPoolName).to.match(/^[a-z][a-z0-9]{0,11}$/);
            }
            const spot = users.find((p) => p.nodeLabels["ml-platform/pool"] === "spot")!;
            expect(spot).to.include({ scaleSetPriority: "Spot", scaleSetEvictionPolicy: "Delete" });
        });
    }

    it("is on the Standard (SLA) tier in production and Free in staging", async () => {
        expect(inputsOf(await azurePlan("production"), CLUSTER).sku).to.deep.equal({ name: "Base", tier: "Standard" });
        expect(inputsOf(await azurePlan("staging"), CLUSTER).sku).to.deep.equal({ name: "Base", tier: "Free" });
    });

    it("adds a GPU pool tainted nvidia.com/gpu only where configured (production)", async () => {
        const gpu = (stack: string) => azurePlan(stack).then((p) => ofType(p, AGENT_POOL).filter((r) => (r.inputs as any).nodeLabels["ml-platform/pool"] === "gpu"));
        const prod = (await gpu("production")).map((r) => r.inputs as Record<string, any>);
        expect(prod).to.have.length(3);
        for (const pool of prod) {
            expect(pool.vmSize).to.equal("Standard_NC4as_T4_v3");
            expect(pool.nodeTaints).to.deep.equal(["nvidia.com/gpu=present:NoSchedule"]);
        }
        expect(await gpu("staging")).to.deep.equal([]);
    });

    it("is a private cluster by default (apiAccess private)", async () => {
        const c = inputsOf(await azurePlan("staging"), CLUSTER);
        expect(c.apiServerAccessProfile).to.include({ enablePrivateCluster: true, privateDNSZone: "system" });
        expect(c.apiServerAccessProfile.authorizedIPRanges).to.equal(undefined);
    });

    it("grants the deployer cluster-admin through Azure RBAC on the cluster only", async () => {
        const p = await azurePlan("production");
        const grant = ofType(p, "azure-native:authorization:RoleAssignment").find((r) => r.name.endsWith("-deployer-cluster-admin"))!;
        expect(grant.inputs.roleDefinitionId).to.match(/\/roleDefinitions\/b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b$/);
        expect(grant.inputs.scope).to.equal(`${ofType(p, CLUSTER)[0].name}-id`);
    });
});
