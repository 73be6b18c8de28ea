/**
 * One test per Azure row of docs/cloud-constraints.md (AZ-n), read from the captured plan.
 * Ordering rules are asserted on the plan's dependency edges, which the mocks ignore.
 */
import { expect } from "chai";
import type { CapturedResource } from "../../../automation/capture";
import type { PlannedStack } from "../../../automation/planStack";
import { aksVersionStatus } from "../../../components/config/clouds/azure";
import { plan } from "../../support/plans";
import { azurePlan, azurePlanWith, inputsOf, mergedSections, natEgressRanges, ofType, one, STACKS } from "./azurePlans";

const CLUSTER = "azure-native:containerservice:ManagedCluster";
const AGENT_POOL = "azure-native:containerservice:AgentPool";
const SUBNET = "azure-native:network:Subnet";
const SLEEP = "time:index/sleep:Sleep";
const GRANT = "azure-native:authorization:RoleAssignment";
const ALLOW_LIST = { azure: { apiAccess: "allowList" }, cluster: { apiAllowedCidrs: ["203.0.113.0/28"] } };

function named(p: PlannedStack, type: string, suffix: string): CapturedResource {
    const found = ofType(p, type).filter((r) => r.name.endsWith(suffix));
    if (found.length !== 1) throw new Error(`expected one ${type} named *${suffix}, found ${found.length}`);
    return found[0];
}

function dependsOn(a: CapturedResource, b: CapturedResource): boolean {
    return a.dependencies.includes(b.urn);
}

/** The wait between a grant and its users: the user depends on a Sleep that depends on the grant. */
function waitsAfter(p: PlannedStack, user: CapturedResource, grant: CapturedResource): CapturedResource | undefined {
    return ofType(p, SLEEP).find((s) => dependsOn(s, grant) && dependsOn(user, s) && /^\d+s$/.test(String(s.inputs.createDuration)));
}

async function refusal(stack: string, patch: Record<string, Record<string, unknown>>, top: Record<string, unknown> = {}): Promise<string> {
    const result = await plan(stack, "azure", { ...mergedSections(stack, patch), ...top });
    expect(result.error, "the plan must be refused").to.not.equal(undefined);
    return result.error!.message;
}

describe("Azure cloud constraints (docs/cloud-constraints.md, AZ rows)", () => {
    for (const stack of STACKS) {
        it(`AZ-1 (${stack}) a public API server admits the NAT gateways' egress IPs, so nodes can register`, async () => {
            const p = await azurePlanWith(stack, ALLOW_LIST);
            const cluster = one(p, CLUSTER);
            const ranges = (cluster.inputs as any).apiServerAccessProfile.authorizedIPRanges as string[];
            const nat = natEgressRanges(p);
            expect(nat.length).to.be.greaterThan(0);
            expect(ranges).to.include.members(["203.0.113.0/28", ...nat]);
            for (const ip of ofType(p, "azure-native:network:PublicIPAddress")) expect(dependsOn(cluster, ip), ip.name).to.equal(true);
        });

        it(`AZ-5 (${stack}) agent pools are created one after another, each after the one before`, async () => {
            const p = await azurePlan(stack);
            const cluster = one(p, CLUSTER);
            const pools = ofType(p, AGENT_POOL);
            expect(pools.length).to.be.greaterThan(0);
            expect(dependsOn(pools[0], cluster)).to.equal(true);
            pools.slice(1).forEach((pool, i) => expect(dependsOn(pool, pools[i]), `${pool.name} after ${pools[i].name}`).to.equal(true));
        });

        it(`AZ-8 (${stack}) the data key is created only after the Crypto Officer grant has propagated`, async () => {
            const p = await azurePlan(stack);
            const key = one(p, "azure-native:keyvault:Key");
            const officer = named(p, GRANT, "-deployer-crypto-officer");
            expect(waitsAfter(p, key, officer), "Key -> Sleep -> Crypto Officer").to.not.equal(undefined);
        });

        it(`AZ-9 (${stack}) storage and Managed Redis use the key only after the encryption grant has propagated`, async () => {
            const p = await azurePlan(stack);
            const grant = named(p, GRANT, "-encryption-key-user");
            for (const type of ["azure-native:storage:StorageAccount", "azure-native:redisenterprise:RedisEnterprise"]) {
                expect(waitsAfter(p, one(p, type), grant), type).to.not.equal(undefined);
            }
        });

        it(`AZ-10 (${stack}) the Kubernetes provider waits until the deployer's cluster-admin grant has propagated`, async () => {
            const p = await azurePlan(stack);
            const grant = named(p, GRANT, "-deployer-cluster-admin");
            const provider = p.resources.find((r) => r.type === "pulumi:providers:kubernetes" && r.dependencies.length > 0)!;
            expect(waitsAfter(p, provider, grant)).to.not.equal(undefined);
        });

        it(`AZ-11 (${stack}) spot pools declare AKS's own spot taint and label, and set no max surge`, async () => {
            const spots = ofType(await azurePlan(stack), AGENT_POOL).filter((r) => (r.inputs as any).scaleSetPriority === "Spot");
            expect(spots.length).to.be.greaterThan(0);
            for (const spot of spots.map((r) => r.inputs as any)) {
                expect(spot.nodeTaints).to.include("kubernetes.azure.com/scalesetpriority=spot:NoSchedule");
                expect(spot.nodeLabels).to.include({ "kubernetes.azure.com/scalesetpriority": "spot" });
                expect(spot.upgradeSettings?.maxSurge).to.equal(undefined);
            }
        });

        it(`AZ-12 (${stack}) pools whose minimum is 0 start with 0 nodes`, async () => {
            const pools = ofType(await azurePlan(stack), AGENT_POOL).map((r) => r.inputs as any);
            const empty = pools.filter((pool) => pool.minCount === 0);
            expect(empty.length).to.be.greaterThan(0);
            for (const pool of empty) expect(pool.count, pool.agentPoolName).to.equal(0);
        });

        it(`AZ-13 (${stack}) every subnet has an NSG; node NSGs allow what CNI overlay needs`, async () => {
            const p = await azurePlan(stack);
            const nsgs = ofType(p, "azure-native:network:NetworkSecurityGroup");
            for (const subnet of ofType(p, SUBNET)) {
                const nsg = nsgs.find((n) => (subnet.inputs as any).networkSecurityGroup?.id === `${n.name}-id`);
                expect(nsg, subnet.name).to.not.equal(undefined);
            }
            const nodes = nsgs.find((n) => n.name.endsWith("-nodes"))!;
            const rules = (nodes.inputs as any).securityRules as any[];
            const pods = "100.64.0.0/14";
            const nodeCidrs = ofType(p, SUBNET).filter((s) => /-nodes(-\d)?$/.test(s.name)).map((s) => (s.inputs as any).addressPrefix);
            const allows = (src: string | string[], dst: string | string[]) =>
                rules.some((r) => r.access === "Allow" && r.protocol === "*" && JSON.stringify(r.sourceAddressPrefixes ?? r.sourceAddressPrefix) === JSON.stringify(src) && JSON.stringify(r.destinationAddressPrefixes ?? r.destinationAddressPrefix) === JSON.stringify(dst));
            expect(allows(nodeCidrs, nodeCidrs), "node to node").to.equal(true);
            expect(allows(nodeCidrs, pods), "node to pod").to.equal(true);
            expect(allows(pods, pods), "pod to pod").to.equal(true);
            expect(rules.some((r) => r.sourceAddressPrefix === "AzureLoadBalancer" && r.access === "Allow")).to.equal(true);
        });

        it(`AZ-14 (${stack}) the private endpoint subnet enforces its NSG (network policies enabled)`, async () => {
            const endpoints = named(await azurePlan(stack), SUBNET, "-endpoints").inputs as any;
            expect(endpoints.privateEndpointNetworkPolicies).to.equal("Enabled");
            expect(endpoints.networkSecurityGroup.id).to.match(/-endpoints-id$/);
        });

        it(`AZ-15 (${stack}) Key Vault has no public access and is reached through a private endpoint in a linked zone`, async () => {
            const p = await azurePlan(stack);
            const vault = one(p, "azure-native:keyvault:Vault");
            expect((vault.inputs as any).properties.publicNetworkAccess).to.equal("Disabled");
            const endpoint = ofType(p, "azure-native:network:PrivateEndpoint").find((e) => (e.inputs as any).privateLinkServiceConnections[0].privateLinkServiceId === `${vault.name}-id`)!;
            expect((endpoint.inputs as any).privateLinkServiceConnections[0].groupIds).to.deep.equal(["vault"]);
            const zone = ofType(p, "azure-native:privatedns:PrivateZone").find((z) => (z.inputs as any).privateZoneName === "privatelink.vaultcore.azure.net")!;
            const group = ofType(p, "azure-native:network:PrivateDnsZoneGroup").find((g) => (g.inputs as any).privateDnsZoneConfigs[0].privateDnsZoneId === `${zone.name}-id`);
            expect(group, "DNS zone group").to.not.equal(undefined);
            expect(ofType(p, "azure-native:privatedns:VirtualNetworkLink").some((l) => dependsOn(l, zone))).to.equal(true);
        });

        it(`AZ-18 (${stack}) Defender and the Azure Policy add-on are on; kube-audit goes to a retained workspace`, async () => {
            const p = await azurePlan(stack);
            const cluster = one(p, CLUSTER);
            const c = cluster.inputs as any;
            const workspace = one(p, "azure-native:operationalinsights:Workspace");
            expect(c.securityProfile.defender).to.deep.equal({ logAnalyticsWorkspaceResourceId: `${workspace.name}-id`, securityMonitoring: { enabled: true } });
            expect(c.addonProfiles.azurepolicy).to.deep.equal({ enabled: true });
            const diag = one(p, "azure-native:monitor:DiagnosticSetting").inputs as any;
            expect(diag.resourceUri).to.equal(`${cluster.name}-id`);
            expect(diag.workspaceId).to.equal(`${workspace.name}-id`);
            expect(diag.logs.map((l: any) => l.category)).to.include("kube-audit");
            expect((workspace.inputs as any).retentionInDays).to.be.within(30, 730);
        });

        it(`AZ-23 (${stack}) Container Insights with managed-identity auth has a data collection rule associated with the cluster`, async () => {
            const p = await azurePlan(stack);
            const cluster = one(p, CLUSTER);
            expect((cluster.inputs as any).addonProfiles.omsagent.config.useAADAuth).to.equal("true");
            const rule = one(p, "azure-native:monitor:DataCollectionRule");
            const r = rule.inputs as any;
            expect(r.dataSources.extensions[0]).to.include({ extensionName: "ContainerInsights" });
            expect(r.dataSources.extensions[0].streams).to.deep.equal(["Microsoft-ContainerInsights-Group-Default"]);
            expect(r.destinations.logAnalytics[0].workspaceResourceId).to.equal(`${one(p, "azure-native:operationalinsights:Workspace").name}-id`);
            expect(r.dataFlows[0].destinations).to.deep.equal([r.destinations.logAnalytics[0].name]);
            const association = one(p, "azure-native:monitor:DataCollectionRuleAssociation").inputs as any;
            expect(association).to.include({ resourceUri: `${cluster.name}-id`, dataCollectionRuleId: `${rule.name}-id` });
        });

        it(`AZ-19 (${stack}) server operations run one at a time: database, then the Entra admin, then require_secure_transport`, async () => {
            const p = await azurePlan(stack);
            const tls = one(p, "azure-native:dbforpostgresql:Configuration");
            expect(tls.inputs).to.include({ configurationName: "require_secure_transport", value: "on" });
            const admin = one(p, "azure-native:dbforpostgresql:AdministratorsMicrosoftEntra");
            expect(dependsOn(tls, admin)).to.equal(true);
            expect(dependsOn(admin, one(p, "azure-native:dbforpostgresql:Database"))).to.equal(true);
            expect(dependsOn(admin, one(p, "azure-native:dbforpostgresql:Server"))).to.equal(true);
        });

        it(`AZ-20 (${stack}) Managed Redis gets a versioned key URL (the API accepts no other)`, async () => {
            const redis = inputsOf(await azurePlan(stack), "azure-native:redisenterprise:RedisEnterprise");
            expect(redis.encryption.customerManagedKeyEncryption.keyEncryptionKeyUrl).to.match(/\/keys\/data\/[0-9a-f]{32}$/);
        });

        it(`AZ-21 (${stack}) subnets of the VNet are written one after another`, async () => {
            const subnets = ofType(await azurePlan(stack), SUBNET);
            subnets.slice(1).forEach((s, i) => expect(dependsOn(s, subnets[i]), `${s.name} after ${subnets[i].name}`).to.equal(true));
        });

        it(`AZ-22 (${stack}) the control plane may manage every node subnet before the cluster is created`, async () => {
            const p = await azurePlan(stack);
            const cluster = one(p, CLUSTER);
            for (const subnet of ofType(p, SUBNET).filter((s) => /-nodes(-\d)?$/.test(s.name))) {
                const grant = ofType(p, GRANT).find((g) => (g.inputs as any).scope === `${subnet.name}-id`)!;
                expect(grant.inputs.roleDefinitionId).to.match(/4d97b98b-1d4f-4787-a291-c67834d212e7$/);
                expect(waitsAfter(p, cluster, grant), `${subnet.name}: cluster -> Sleep -> Network Contributor`).to.not.equal(undefined);
            }
        });

        it(`AZ-24 (${stack}) each public-zone identity may list the group's DNS zones through a read-only custom role`, async () => {
            const p = await azurePlan(stack);
            const zones = ofType(p, "azure-native:dns:Zone");
            const listers = ofType(p, GRANT).filter((g) => g.name.endsWith("-dns-list"));
            if (zones.length === 0) {
                expect(listers, "no public zone, no lister").to.deep.equal([]);
                return;
            }
            const externalDnsLister = listers.find((g) => g.name.includes("external-dns"));
            expect(externalDnsLister, "external-dns lists zones by resource group").to.not.equal(undefined);
            const role = ofType(p, "azure-native:authorization:RoleDefinition").find((r) => `${r.name}-id` === externalDnsLister?.inputs.roleDefinitionId);
            expect(role, "the lister's custom role").to.not.equal(undefined);
            expect((role!.inputs as any).permissions).to.deep.equal([{ actions: ["Microsoft.Network/dnszones/read"], notActions: [], dataActions: [], notDataActions: [] }]);
            // Every public-zone lister holds that same read-only role.
            for (const g of listers) expect(g.inputs.roleDefinitionId, g.name).to.equal(`${role!.name}-id`);
        });
    }

    it("AZ-2 authorized IP ranges cannot be combined with a private cluster: refused naming the key", async () => {
        const message = await refusal("staging", { cluster: { apiAllowedCidrs: ["203.0.113.0/28"] } });
        expect(message).to.include("ml-platform:cluster.apiAllowedCidrs").and.include("private cluster");
    });

    it("AZ-3 allowList needs the runners' ranges and private needs the runner's network: refused naming the key", async () => {
        expect(await refusal("staging", { azure: { apiAccess: "allowList" } })).to.include("ml-platform:cluster.apiAllowedCidrs");
        expect(await refusal("staging", { cluster: { privateApiAllowedCidrs: [] } })).to.include("ml-platform:cluster.privateApiAllowedCidrs");
    });

    it("AZ-4 a private cluster keeps the system DNS zone and publishes a public FQDN, which the kubeconfig and endpoint use", async () => {
        const p = await azurePlan("production");
        const access = inputsOf(p, CLUSTER).apiServerAccessProfile;
        expect(access).to.deep.equal({ enablePrivateCluster: true, privateDNSZone: "system", enablePrivateClusterPublicFQDN: true });
        expect(p.outputs.clusterEndpoint).to.match(/^https:\/\/[a-z0-9-]+\.hcp\.westeurope\.azmk8s\.io$/);
        const { credentialRequest } = await import("../../../clouds/azure/kubeconfig");
        expect(credentialRequest(true)).to.deep.equal({ format: "exec", serverFqdn: "public" });
        expect(credentialRequest(false)).to.deep.equal({ format: "exec" });
    });

    it("AZ-6 kubelogin's login follows AAD_LOGIN_METHOD: the exec entry passes azurecli as default and sets no env", async () => {
        const { kubeloginUser } = await import("../../../clouds/azure/kubeconfig");
        const exec = (kubeloginUser() as any).exec;
        expect(exec.args.slice(0, 3)).to.deep.equal(["get-token", "--login", "azurecli"]);
        expect(exec.args).to.include("6dae42f8-4368-4678-94ff-3960e28e3630");
        expect(exec.env).to.equal(undefined);
        expect(exec.args).to.not.include("--disable-environment-override");
    });

    it("AZ-7 AKS Kubernetes minors follow the AKS calendar: unknown minors refused, 1.35 offered, LTS needs Premium", async () => {
        expect(await refusal("staging", {}, { kubernetesVersion: "1.38" })).to.include("ml-platform:kubernetesVersion");
        expect(await refusal("staging", {}, { kubernetesVersion: "1.31" })).to.include("ml-platform:kubernetesVersion");
        const day = new Date("2026-12-01T00:00:00Z");
        expect(aksVersionStatus("1.35", day, false)).to.equal("supported");
        expect(aksVersionStatus("1.34", day, false)).to.equal("needsLongTermSupport");
        expect(aksVersionStatus("1.34", day, true)).to.equal("supported");
        expect(aksVersionStatus("1.33", new Date("2027-08-01T00:00:00Z"), true)).to.equal("unavailable");
        const lts = inputsOf(await azurePlanWith("staging", { azure: { longTermSupport: true } }), CLUSTER);
        expect(lts.sku.tier).to.equal("Premium");
        expect(lts.supportPlan).to.equal("AKSLongTermSupport");
        const current = inputsOf(await azurePlan("staging", { kubernetesVersion: "1.35" }), CLUSTER);
        expect(current.kubernetesVersion).to.equal("1.35");
    });

    it("AZ-16 natGateways perZone: one zonal NAT gateway and node subnet per zone, with zonal pools inside", async () => {
        const p = await azurePlan("production");
        const gateways = ofType(p, "azure-native:network:NatGateway").map((g) => g.inputs as any);
        expect(gateways.map((g) => g.zones)).to.deep.equal([["1"], ["2"], ["3"]]);
        const nodeSubnets = ofType(p, SUBNET).filter((s) => /-nodes-\d$/.test(s.name));
        expect(nodeSubnets).to.have.length(3);
        const gatewayIds = ofType(p, "azure-native:network:NatGateway").map((g) => `${g.name}-id`);
        expect(nodeSubnets.map((s) => (s.inputs as any).natGateway.id)).to.deep.equal(gatewayIds);
        for (const pool of ofType(p, AGENT_POOL).map((r) => r.inputs as any)) {
            expect(pool.availabilityZones).to.have.length(1);
            const zone = pool.availabilityZones[0];
            expect(pool.vnetSubnetID, pool.agentPoolName).to.equal(`${nodeSubnets[Number(zone) - 1].name}-id`);
        }
        const cluster = inputsOf(p, CLUSTER);
        expect(cluster.agentPoolProfiles[0].availabilityZones).to.deep.equal(["1"]);
        expect(cluster.autoScalerProfile).to.deep.equal({ balanceSimilarNodeGroups: "true" });
    });

    it("AZ-17 natGateways single: one regional NAT gateway and one node subnet across the zones", async () => {
        const p = await azurePlan("staging");
        expect(ofType(p, "azure-native:network:NatGateway").map((g) => (g.inputs as any).zones)).to.deep.equal([undefined]);
        const pools = ofType(p, AGENT_POOL).map((r) => r.inputs as any);
        for (const pool of pools) expect(pool.availabilityZones).to.deep.equal(["1", "2"]);
    });
});
