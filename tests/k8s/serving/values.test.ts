import { expect } from "chai";
import { inferenceServiceAutoscaling, kserveResourcesValues } from "../../../k8s/serving/values";
import { ENVIRONMENT_DEFAULTS } from "../../../components/config";

describe("KServe values and autoscaling", () => {
    it("run KServe in Standard (raw deployment) mode behind the platform's own routes", () => {
        const values = kserveResourcesValues({ modelsHost: "models.ml.example.com", tolerations: [] });
        expect(values.kserve.controller.deploymentMode).to.equal("Standard");
        expect(values.kserve.controller.gateway).to.include({ domain: "models.ml.example.com", urlScheme: "https", disableIngressCreation: true });
    });

    it("scale production models 3-50 on CPU, memory and request rate, with scale-up/down behaviour", () => {
        const serving = { ...ENVIRONMENT_DEFAULTS.production.platform.serving };
        const scaling = inferenceServiceAutoscaling(serving, "sum(rate(x[1m]))", "http://prometheus:9090");
        expect([scaling.minReplicas, scaling.maxReplicas]).to.deep.equal([3, 50]);
        const metrics = scaling.autoScaling.metrics;
        expect(metrics.map((m) => m.type)).to.deep.equal(["Resource", "Resource", "External"]);
        expect(metrics[2].external!.target).to.deep.equal({ type: "Value", value: "50" });
        expect(scaling.autoScaling.behavior.scaleDown.stabilizationWindowSeconds).to.equal(300);
        const staging = inferenceServiceAutoscaling({ ...ENVIRONMENT_DEFAULTS.staging.platform.serving }, "q", "u");
        expect([staging.minReplicas, staging.maxReplicas]).to.deep.equal([1, 5]);
    });
});
