/** platform.guardrails: bad values are refused naming the key; exemptions and registries reach the bindings and policies. */
import { expect } from "chai";
import { ConfigError } from "../../../components/config";
import { ofType, okPlan, plan } from "../../support/plans";
import { admit, type BindingObject, type PolicyObject } from "./admissionEval";

const STAGING_PLATFORM = { domain: "staging.ml.acme.example", publicDns: false, exampleModel: true };

function guardrails(admission: Record<string, unknown>) {
    return { platform: { ...STAGING_PLATFORM, guardrails: { admission } } };
}

const INVALID = [
    { title: "an unknown action", admission: { action: "Enforce" }, key: "ml-platform:platform.guardrails.admission.action", says: /Warn|Deny/ },
    { title: "a registry that is not a host", admission: { allowedRegistries: ["https://quay.io"] }, key: "ml-platform:platform.guardrails.admission.allowedRegistries.0", says: /registry host/ },
    { title: "no registry at all", admission: { allowedRegistries: [] }, key: "ml-platform:platform.guardrails.admission.allowedRegistries", says: />=1|at least/ },
    { title: "an exempt namespace that is not a name", admission: { exemptNamespaces: ["Team_A"] }, key: "ml-platform:platform.guardrails.admission.exemptNamespaces.0", says: /namespace/ },
];

describe("guardrails config (GRD)", () => {
    for (const c of INVALID) {
        it(`refuses ${c.title}, naming ${c.key}`, async () => {
            const result = await plan("staging", "aws", guardrails(c.admission));
            expect(result.error).to.be.instanceOf(ConfigError);
            const line = result.error!.message.split("\n").find((l) => l.includes(`${c.key}:`));
            expect(line, result.error!.message).to.match(c.says);
            // Only the root stack exists: validation runs before any resource is registered.
            expect(result.resources.map((r) => r.type)).to.deep.equal(["pulumi:pulumi:Stack"]);
        });
    }

    it("exempt namespaces and extra registries reach the policies; Deny can be chosen in staging", async () => {
        const p = await okPlan("staging", "aws", guardrails({ action: "Deny", allowedRegistries: ["quay.io", "123456789012.dkr.ecr.us-east-1.amazonaws.com"], exemptNamespaces: ["legacy"] }));
        const policies = ofType(p, "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy").map((r) => r.inputs as unknown as PolicyObject);
        const bindings = ofType(p, "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding").map((r) => r.inputs as unknown as BindingObject);
        const pod = (namespace: string, image: string) => ({
            apiVersion: "v1",
            kind: "Pod",
            metadata: { name: "p", namespace },
            spec: { containers: [{ name: "app", image, resources: { requests: { cpu: "1", memory: "1Gi" }, limits: { memory: "1Gi" } }, securityContext: { readOnlyRootFilesystem: true } }] },
        });
        expect(admit(policies, bindings, { object: pod("team-a", "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.0") }).denied).to.deep.equal([]);
        expect(admit(policies, bindings, { object: pod("team-a", "ghcr.io/acme/app:1.0") }).denied.map((d) => d.policy)).to.deep.equal(["mlplatform-allowed-registries"]);
        expect(admit(policies, bindings, { object: pod("legacy", "ghcr.io/acme/app:latest") }).warnings).to.deep.equal([]);
    });
});
