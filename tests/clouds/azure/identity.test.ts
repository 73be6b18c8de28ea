import { expect } from "chai";
import { capture } from "../../../automation/capture";
import { loadStackConfig } from "../../../automation/stackConfig";
import { loadPlatformArgs } from "../../../components/config";
import { MlPlatform } from "../../../components/MlPlatform";
import { okPlan } from "../../support/plans";

/** Runs the Azure platform and binds two service accounts the Kubernetes layer does not bind itself (binding one twice is a duplicate URN). */
async function planBindings() {
    let annotations: Record<string, string> = {};
    let podLabels: Record<string, string> = {};
    const result = await capture(loadStackConfig("staging", { cloud: "azure" }), async () => {
        const platform = new MlPlatform("test", loadPlatformArgs());
        const tracking = platform.foundation.workloadIdentity({ namespace: "tracking", serviceAccount: "tracker", access: "objectStoreReadWrite" });
        platform.foundation.workloadIdentity({ namespace: "serving", serviceAccount: "models", access: "objectStoreRead" });
        tracking.serviceAccountAnnotations.apply((a) => (annotations = a));
        podLabels = tracking.podLabels;
        return {};
    });
    if (result.error) throw result.error;
    const find = (type: string, suffix: string) => result.resources.find((r) => r.type === type && r.name.endsWith(suffix))!;
    return { result, annotations, podLabels, find };
}

describe("Azure workload identity", () => {
    let b: Awaited<ReturnType<typeof planBindings>>;
    before(async () => {
        b = await planBindings();
    });

    it("federates each identity with exactly its service account through the cluster's OIDC issuer", () => {
        const credential = b.find("azure-native:managedidentity:FederatedIdentityCredential", "-tracking-tracker").inputs;
        expect(credential.subject).to.equal("system:serviceaccount:tracking:tracker");
        expect(credential.audiences).to.deep.equal(["api://AzureADTokenExchange"]);
        expect(credential.issuer).to.match(/^https:\/\/.+oic\.prod-aks\.azure\.com\//);
    });

    it("grants experiment tracking Storage Blob Data Contributor on the artifact container", () => {
        const grant = b.find("azure-native:authorization:RoleAssignment", "-tracking-tracker-artifacts").inputs;
        expect(grant.roleDefinitionId).to.match(/\/roleDefinitions\/ba92f5b4-2d11-453d-a403-e96b0029c9fe$/);
        const container = b.result.resources.find((r) => r.type === "azure-native:storage:BlobContainer")!;
        expect(grant.scope).to.equal(`${container.name}-id`);
        expect(grant.principalType).to.equal("ServicePrincipal");
    });

    it("grants serving Storage Blob Data Reader (data read), not the control-plane Reader role", () => {
        const grant = b.find("azure-native:authorization:RoleAssignment", "-serving-models-artifacts").inputs;
        expect(grant.roleDefinitionId).to.match(/\/roleDefinitions\/2a2b9908-6ea1-4ae2-8e65-a410df84e7d1$/);
        expect(grant.roleDefinitionId).to.not.match(/acdd72a7-3385-48ef-bd42-f606fba81ae7/);
    });

    it("hands the annotation out only after the federation exists and the role has propagated (pods that start earlier fail to get a token)", async () => {
        const p = await okPlan("production", "azure");
        const tempo = p.resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.name === "tempo")!;
        const urnOf = (type: string, suffix: string) => p.resources.find((r) => r.type === type && r.name.endsWith(suffix))!.urn;
        expect(tempo.dependencies).to.include(urnOf("azure-native:managedidentity:FederatedIdentityCredential", "-tracing-tempo"));
        expect(tempo.dependencies).to.include(urnOf("time:index/sleep:Sleep", "-tracing-tempo-artifacts-propagation"));
    });

    it("returns the client-id annotation and the use label the pods need", () => {
        expect(b.annotations["azure.workload.identity/client-id"]).to.match(/^[0-9a-f-]{36}$/);
        expect(b.podLabels).to.deep.equal({ "azure.workload.identity/use": "true" });
    });
});
