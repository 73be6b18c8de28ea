import { expect } from "chai";
import { clusterAutoscalerValues, metricsServerValues, nvidiaDevicePluginValues } from "../../../k8s/clusterAddons/values";

const HA = { ha: true, tolerations: [] };

const SMALL = { ha: false, tolerations: [] };

describe("cluster add-on values", () => {
    it("give the cluster-autoscaler the bound service account and this cluster only", () => {
        const values = clusterAutoscalerValues({
            ha: true,
            kubernetesVersion: "1.35",
            cloudProvider: "aws",
            region: "us-east-1",
            clusterName: "c1",
            serviceAccount: { name: "cluster-autoscaler", annotations: { "eks.amazonaws.com/role-arn": "arn" } },
            tolerations: [],
            serviceMonitorLabels: {},
        });
        expect(values.rbac.serviceAccount).to.deep.include({ name: "cluster-autoscaler", annotations: { "eks.amazonaws.com/role-arn": "arn" } });
        expect(values.autoDiscovery.clusterName).to.equal("c1");
        expect(values.replicaCount).to.equal(2);
    });

    it("replicate metrics-server with a PDB in production", () => {
        expect(metricsServerValues(HA)).to.deep.include({ replicas: 2, podDisruptionBudget: { enabled: true, minAvailable: 1 } });
        expect(metricsServerValues(SMALL).replicas).to.equal(1);
    });

    it("let the device plugin tolerate the GPU taint", () => {
        const values = nvidiaDevicePluginValues({ key: "nvidia.com/gpu", value: "true", effect: "NoSchedule" });
        expect(values.tolerations).to.deep.include({ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" });
    });
});
