import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { capture } from "../../../automation/capture";
import { loadStackConfig } from "../../../automation/stackConfig";
import { loadPlatformArgs } from "../../../components/config";
import { MlPlatform } from "../../../components/MlPlatform";
import { okPlan } from "../../support/plans";

/** Runs the platform and binds two service accounts the Kubernetes layer does not bind itself (binding one twice is a duplicate URN). */
async function planBindings() {
    let annotations: Record<string, string> = {};
    const result = await capture(loadStackConfig("staging"), async () => {
        const platform = new MlPlatform("test", loadPlatformArgs());
        const tracking = platform.foundation.workloadIdentity({ namespace: "tracking", serviceAccount: "tracker", access: "objectStoreReadWrite" });
        platform.foundation.workloadIdentity({ namespace: "serving", serviceAccount: "models", access: "objectStoreRead" });
        tracking.serviceAccountAnnotations.apply((a) => (annotations = a));
        return {};
    });
    if (result.error) throw result.error;
    const roleFor = (sa: string) => result.resources.find((r) => r.type === "aws:iam/role:Role" && r.name.endsWith(`-${sa}`))!;
    const policyFor = (sa: string) => JSON.parse(result.resources.find((r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.name.endsWith(`-${sa}`))!.inputs.policy as string);
    return { result, annotations, roleFor, policyFor };
}

describe("AWS workload identity (IRSA)", () => {
    let bindings: Awaited<ReturnType<typeof planBindings>>;
    before(async () => {
        bindings = await planBindings();
    });

    it("lets only the named service account assume its role", () => {
        const trust = JSON.parse(bindings.roleFor("tracking-tracker").inputs.assumeRolePolicy as string).Statement[0];
        expect(trust.Action).to.equal("sts:AssumeRoleWithWebIdentity");
        expect(trust.Principal.Federated).to.match(/oidc-provider/);
        const conditions = Object.entries(trust.Condition.StringEquals as Record<string, string>);
        expect(conditions.find(([k]) => k.endsWith(":sub"))![1]).to.equal("system:serviceaccount:tracking:tracker");
        expect(conditions.find(([k]) => k.endsWith(":aud"))![1]).to.equal("sts.amazonaws.com");
    });

    it("grants read-write on the artifact bucket to experiment tracking", () => {
        const actions = bindings.policyFor("tracking-tracker").Statement.flatMap((s: { Action: string[] }) => s.Action);
        expect(actions).to.include.members(["s3:PutObject", "s3:GetObject", "kms:GenerateDataKey"]);
    });

    it("grants serving read-only access: no write, no delete", () => {
        const statements = bindings.policyFor("serving-models").Statement as { Action: string[]; Resource: string }[];
        const actions = statements.flatMap((s) => s.Action);
        expect(actions).to.include("s3:GetObject");
        expect(actions.filter((a) => /Put|Delete|GenerateDataKey/.test(a))).to.deep.equal([]);
        for (const s of statements) expect(s.Resource, "scoped to our bucket and key, never *").to.not.equal("*");
    });

    it("returns the IRSA annotation for the service account", () => {
        expect(bindings.annotations["eks.amazonaws.com/role-arn"]).to.match(/^arn:aws:iam::\d{12}:role\//);
    });

    it("uses no static access keys anywhere", async () => {
        const p = await okPlan("production");
        expect(p.resources.filter((r) => r.type === "aws:iam/accessKey:AccessKey" || r.type === "aws:iam/user:User")).to.deep.equal([]);
        expect(pulumi.Output.isInstance(bindings.annotations)).to.equal(false);
    });
});
