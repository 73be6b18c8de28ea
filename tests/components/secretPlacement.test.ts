import { expect } from "chai";
import { ConfigError } from "../../components/config";
import { OFFLINE_SECRET_PLACEHOLDER } from "../../automation/stackConfig";
import { plan } from "../support/plans";

const PLANTED = "hooks.slack.example/T000/planted-secret-value";

async function refusal(overrides: Record<string, unknown>): Promise<string> {
    const result = await plan("staging", undefined, overrides);
    expect(result.error, "refused as invalid config").to.be.instanceOf(ConfigError);
    expect(result.resources.map((r) => r.type), "before any resource is registered").to.deep.equal(["pulumi:pulumi:Stack"]);
    return result.error!.message;
}

describe("secrets in the right place", () => {
    it("refuses a secure: value where a plain value belongs (costCenter becomes a tag), naming the key", async () => {
        const message = await refusal({ costCenter: { secure: "AAABAcostcipher" } });
        expect(message).to.match(/ml-platform:costCenter: given as a secret \(secure:\)/);
        expect(message).to.not.include(OFFLINE_SECRET_PLACEHOLDER);
        expect(message).to.not.include("AAABAcostcipher");
    });

    for (const key of ["slackWebhookUrl", "pagerDutyRoutingKey"]) {
        it(`refuses a plaintext platform.alerting.${key}, naming the key and not echoing it`, async () => {
            const message = await refusal({ platform: { exampleModel: false, alerting: { [key]: PLANTED } } });
            expect(message).to.match(new RegExp(`ml-platform:platform\\.alerting\\.${key}: must be a secret`));
            expect(message).to.not.include(PLANTED);
        });
    }

    it("never echoes a plaintext webhook that also fails its type", async () => {
        const message = await refusal({ platform: { exampleModel: false, alerting: { slackWebhookUrl: 12345678 } } });
        expect(message).to.include("ml-platform:platform.alerting.slackWebhookUrl");
        expect(message).to.not.include("12345678");
    });

    it("accepts alerting credentials given as secrets", async () => {
        // The same config as tests/k8s/plan.test.ts's alert receiver test, so the two share one plan.
        const alerting = { slackWebhookUrl: { secure: "AAABAslack" }, pagerDutyRoutingKey: { secure: "AAABApager" }, slackChannel: "#ml-alerts" };
        const result = await plan("staging", undefined, { platform: { exampleModel: false, alerting } });
        expect(result.error).to.equal(undefined);
    });
});
