import { expect } from "chai";
import { gatewayValues, istioCniValues, istiodValues } from "../../../k8s/mesh/values";

/** Top-level keys the charts' strict values schemas accept (read from the pinned chart versions). */
const GATEWAY_SCHEMA_KEYS = ["_internal_defaults_do_not_set", "global", "enabled", "affinity", "securityContext", "containerSecurityContext", "kind", "annotations", "autoscaling", "env", "envVarFrom", "strategy", "minReadySeconds", "readinessProbe", "labels", "name", "nodeSelector", "podAnnotations", "replicaCount", "resources", "revision", "defaultRevision", "compatibilityVersion", "profile", "platform", "pilot", "runAsRoot", "unprivilegedPort", "service", "serviceAccount", "rbac", "tolerations", "topologySpreadConstraints", "networkGateway", "networkGatewayPorts", "imagePullPolicy", "imagePullSecrets", "podDisruptionBudget", "terminationGracePeriodSeconds", "volumes", "volumeMounts", "initContainers", "additionalContainers", "priorityClassName", "lifecycle"];

const HA = { ha: true, tolerations: [] };

const SMALL = { ha: false, tolerations: [] };

describe("Istio values", () => {
    it("run istiod highly available in production only, with a PDB, CNI and native sidecars", () => {
        const prod = istiodValues(HA);
        expect(prod.autoscaleMin).to.be.at.least(2);
        expect(prod.replicaCount).to.be.at.least(2);
        expect(prod.pdb.minAvailable).to.equal(1);
        expect(prod.topologySpreadConstraints).to.have.length(1);
        expect(istiodValues(SMALL).autoscaleMin).to.equal(1);
        expect(prod.cni.enabled).to.equal(true);
        expect(prod.env.ENABLE_NATIVE_SIDECARS).to.equal("true");
    });

    it("run the gateway with >= 2 replicas and a PDB in production, 1 and none in staging", () => {
        const prod = gatewayValues({ ha: true, serviceAnnotations: {} });
        expect(prod.autoscaling.minReplicas).to.be.at.least(2);
        expect(prod.podDisruptionBudget).to.deep.equal({ minAvailable: 1 });
        const staging = gatewayValues({ ha: false, serviceAnnotations: {} });
        expect(staging.autoscaling.minReplicas).to.equal(1);
        expect(staging.podDisruptionBudget).to.deep.equal({});
    });

    it("give the gateway only keys its strict schema declares, and the restricted security context", () => {
        const values = gatewayValues({ ha: true, serviceAnnotations: { a: "b" } });
        expect(GATEWAY_SCHEMA_KEYS).to.include.members(Object.keys(values));
        expect(values.service.annotations).to.deep.equal({ a: "b" });
        expect(values.containerSecurityContext).to.include({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
        expect(values.securityContext.seccompProfile.type).to.equal("RuntimeDefault");
    });

    it("set the CNI chart's GKE platform profile on GKE only", () => {
        expect(istioCniValues("gke")).to.have.nested.property("global.platform", "gke");
        expect(istioCniValues("eks")).to.not.have.property("global");
        expect(istioCniValues("aks")).to.not.have.property("global");
    });
});
