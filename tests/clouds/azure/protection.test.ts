import { expect } from "chai";
import { findLeakedSecrets, toPlanDocument } from "../../../automation/planStack";
import { SECRET_OUTPUT_KEYS } from "../../../components/outputs";
import { okPlan, sdkArgsHave } from "../../support/plans";
import { azurePlan, ofType, STACKS } from "./azurePlans";

const STATEFUL = [
    "azure-native:resources:ResourceGroup",
    "azure-native:containerservice:ManagedCluster",
    "azure-native:dbforpostgresql:Server",
    "azure-native:dbforpostgresql:Database",
    "azure-native:redisenterprise:RedisEnterprise",
    "azure-native:redisenterprise:Database",
    "azure-native:storage:StorageAccount",
    "azure-native:storage:BlobContainer",
    "azure-native:keyvault:Vault",
    "azure-native:keyvault:Key",
];
const REQUIRED_TAGS = ["project", "stack", "environment", "owner", "cost-center"];

describe("Azure protection, tags, secrets and outputs", () => {
    it("protects every stateful resource in production", async () => {
        const p = await azurePlan("production");
        for (const type of STATEFUL) {
            const found = ofType(p, type);
            expect(found, type).to.not.be.empty;
            for (const r of found) expect(r.protect, `${r.name} (${type})`).to.equal(true);
        }
    });

    it("protects nothing in staging, so the stack can be torn down", async () => {
        const p = await azurePlan("staging");
        expect(p.resources.filter((r) => r.protect).map((r) => r.name)).to.deep.equal([]);
    });

    for (const stack of STACKS) {
        it(`(${stack}) tags every azure-native resource whose SDK Args have tags`, async () => {
            const p = await azurePlan(stack);
            const taggable = p.resources.filter((r) => r.custom && r.type.startsWith("azure-native:") && sdkArgsHave(r.type, "tags"));
            expect(taggable.length, "the check must see the taggable resources").to.be.greaterThan(20);
            for (const r of taggable) {
                const tags = (r.inputs.tags ?? {}) as Record<string, string>;
                expect(Object.keys(tags), `${r.type} ${r.name}`).to.include.members(REQUIRED_TAGS);
                expect(tags.environment).to.equal(stack);
            }
        });

        it(`(${stack}) exports credentials only as secrets and never writes a secret into the plan`, async () => {
            const p = await azurePlan(stack);
            for (const key of SECRET_OUTPUT_KEYS) expect(p.outputs[key], key).to.equal("[secret]");
            expect(p.secretValues.length).to.be.greaterThan(3);
            expect(findLeakedSecrets(JSON.stringify(toPlanDocument(p)), p.secretValues)).to.deep.equal([]);
        });
    }

    it("exports exactly the output keys AWS exports, with a wasbs:// artifact URI", async () => {
        const azure = await azurePlan("production");
        const aws = await okPlan("production", "aws");
        expect(Object.keys(azure.outputs).sort()).to.deep.equal(Object.keys(aws.outputs).sort());
        expect(azure.outputs.artifactStoreUri).to.match(/^wasbs:\/\/artifacts@[a-z0-9]{3,24}\.blob\.core\.windows\.net$/);
        expect(azure.outputs.cachePort).to.equal(10000);
    });

    it("builds a kubeconfig whose user runs kubelogin with the Azure CLI login, never a token", async () => {
        const { withKubeloginUsers } = await import("../../../clouds/azure/kubeconfig");
        const config = JSON.parse(
            withKubeloginUsers("apiVersion: v1\nkind: Config\nusers:\n- name: u\n  user:\n    token: abc\nclusters: []\ncontexts: []\n"),
        );
        expect(config.users[0].user.token).to.equal(undefined);
        expect(config.users[0].user.exec.command).to.equal("kubelogin");
        expect(config.users[0].user.exec.args).to.include.members(["azurecli", "6dae42f8-4368-4678-94ff-3960e28e3630"]);
    });
});

describe("Azure resource names stay stable", () => {
    // Renaming any of these replaces a database, cache, store or key: add an alias instead.
    const STABLE_URNS = [
        "mlplatform:azure:Database$azure-native:dbforpostgresql:Server::ml-platform-production-postgres",
        "mlplatform:azure:Cache$azure-native:redisenterprise:RedisEnterprise::ml-platform-production-redis",
        "mlplatform:azure:ArtifactStore$azure-native:storage:StorageAccount::ml-platform-production",
        "mlplatform:azure:KeyVault$azure-native:keyvault:Vault::ml-platform-production",
        "mlplatform:azure:KeyVault$azure-native:keyvault:Key::ml-platform-production-data",
        "mlplatform:azure:Cluster$azure-native:containerservice:ManagedCluster::ml-platform-production",
    ];
    for (const tail of STABLE_URNS) {
        it(tail.split("::").pop()! + " " + tail.split("$").pop()!.split("::")[0], async () => {
            const urns = (await azurePlan("production")).resources.map((r) => r.urn);
            expect(urns.some((u) => u.endsWith(tail)), tail).to.equal(true);
        });
    }
});
