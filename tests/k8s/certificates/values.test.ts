import { expect } from "chai";
import { certManagerValues } from "../../../k8s/certificates/values";

const CERT_MANAGER_SCHEMA_KEYS = ["acmesolver", "affinity", "approveSignerNames", "automountServiceAccountToken", "cainjector", "clusterResourceNamespace", "config", "containerSecurityContext", "crds", "creator", "deploymentAnnotations", "disableAutoApproval", "dns01RecursiveNameservers", "dns01RecursiveNameserversOnly", "enableCertificateOwnerRef", "enableServiceLinks", "enabled", "extraArgs", "extraContainers", "extraEnv", "extraObjects", "featureGates", "fullnameOverride", "global", "hostAliases", "http_proxy", "https_proxy", "image", "imageNamespace", "imageRegistry", "ingressShim", "installCRDs", "livenessProbe", "maxConcurrentChallenges", "nameOverride", "namespace", "networkPolicy", "no_proxy", "nodeSelector", "podAnnotations", "podDisruptionBudget", "podDnsConfig", "podDnsPolicy", "podLabels", "prometheus", "replicaCount", "resources", "runtimeClassName", "securityContext", "serviceAccount", "serviceAnnotations", "serviceIPFamilies", "serviceIPFamilyPolicy", "serviceLabels", "startupapicheck", "strategy", "tolerations", "topologySpreadConstraints", "volumeMounts", "volumes", "webhook"];

const CERT_MANAGER_COMPONENT_KEYS = ["affinity", "automountServiceAccountToken", "config", "containerSecurityContext", "deploymentAnnotations", "enableServiceLinks", "enabled", "extraArgs", "extraEnv", "featureGates", "image", "networkPolicy", "nodeSelector", "podAnnotations", "podDisruptionBudget", "podLabels", "replicaCount", "resources", "runtimeClassName", "securityContext", "serviceAccount", "serviceAnnotations", "serviceLabels", "strategy", "tolerations", "topologySpreadConstraints", "volumeMounts", "volumes", "apiserverClientCertSubjects", "clientCAFile", "enableClientVerification", "hostNetwork", "livenessProbe", "loadBalancerIP", "mutatingWebhookConfiguration", "mutatingWebhookConfigurationAnnotations", "readinessProbe", "securePort", "serviceIPFamilies", "serviceIPFamilyPolicy", "serviceType", "timeoutSeconds", "url", "validatingWebhookConfiguration", "validatingWebhookConfigurationAnnotations"];

const HA = { ha: true, tolerations: [] };

const SMALL = { ha: false, tolerations: [] };

describe("cert-manager values", () => {
    it("install upgradable CRDs that survive an uninstall", () => {
        expect(certManagerValues(HA).crds).to.deep.equal({ enabled: true, keep: true });
    });

    it("replicate controller, webhook and cainjector with PDBs in production only", () => {
        for (const [values, replicas, pdb] of [[certManagerValues(HA), 2, true], [certManagerValues(SMALL), 1, false]] as const) {
            for (const c of [values, values.webhook, values.cainjector]) {
                expect(c.replicaCount).to.equal(replicas);
                expect(c.podDisruptionBudget.enabled).to.equal(pdb);
            }
        }
    });

    it("use only keys the strict schema declares", () => {
        const values = certManagerValues(HA);
        expect(CERT_MANAGER_SCHEMA_KEYS).to.include.members(Object.keys(values));
        for (const c of [values.webhook, values.cainjector]) expect(CERT_MANAGER_COMPONENT_KEYS).to.include.members(Object.keys(c));
    });
});
