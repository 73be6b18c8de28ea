/**
 * The platform layer: everything installed on the cluster, on any cloud, from the Foundation
 * contract alone. One line per component, in install order, with what it waits for; each
 * component is a folder (k8s/<component>/, see k8s/README.md).
 */
import * as pulumi from "@pulumi/pulumi";
import type { Foundation } from "../components/foundation";
import { airflow } from "./airflow";
import type { ModelReleasePolicy } from "../components/modelRelease";

import { certificates } from "./certificates";
import { clusterAddons } from "./clusterAddons";
import { delivery, modelReleasePolicy } from "./delivery";
import type { PlatformLayerSpec } from "./context";
import { externalDns } from "./externalDns";
import { externalSecrets } from "./externalSecrets";
import { falco } from "./falco";
import { guardrails } from "./guardrails";
import { Layer } from "./layer";
import { mesh } from "./mesh";
import { mlflow } from "./mlflow";
import { opencost } from "./opencost";
import { monitoring, monitoringCrds } from "./monitoring";
import { ray } from "./ray";
import { serving, SERVING_NAMESPACE } from "./serving";
import { slo } from "./slo";
import { tracing } from "./tracing";
import { trivyOperator } from "./trivyOperator";
import { velero } from "./velero";
import { MODEL_SERVER_SERVICE_ACCOUNT } from "./serving/values";

export type { PlatformLayerSpec } from "./context";

export interface PlatformLayerOutputs {
    /** https://mlflow.<domain> */
    mlflowUrl: pulumi.Output<string>;
    /** https://models.<domain>; models answer under /v1/models/<name> and /v2/models/<name>. */
    modelsUrl: pulumi.Output<string>;
    /** Where InferenceServices go (sidecar-injected, read-only object-store identity). */
    servingNamespace: pulumi.Output<string>;
    /** The ClusterIssuer that signs the gateway's certificate. */
    certificateIssuer: pulumi.Output<string>;
    /** The service account model servers run as: read-only access to the artifact store. */
    servingServiceAccount: pulumi.Output<string>;
    /** Labels model-server pods must carry for that identity (Azure workload identity needs one). */
    servingPodLabels: pulumi.Output<Record<string, string>>;
    /** `<namespace>/<name>` of the Istio Gateway that VirtualServices for models bind to. */
    gateway: pulumi.Output<string>;
    /** Flagger's metric templates and the rollback limits model releases are held to. */
    modelRelease: pulumi.Output<ModelReleasePolicy>;
}

export function installPlatformLayer(foundation: Foundation, spec: PlatformLayerSpec, opts: { parent: pulumi.Resource }): PlatformLayerOutputs {
    const layer = new Layer(foundation, spec, opts);
    const crds = layer.add(monitoringCrds, {})!.release;
    layer.add(externalSecrets, { monitoringCrds: crds, secrets: layer.secrets });
    const istio = layer.add(mesh, {})!;
    const certs = layer.add(certificates, { dependsOn: [crds] })!;
    const metrics = layer.add(monitoring, { crds, certManager: certs.certManager, mesh: istio.ready })!;
    const registry = layer.add(mlflow, { secrets: layer.secrets, mesh: istio.ready, monitoringCrds: crds, gatewayRef: istio.gatewayRef })!;
    const models = layer.add(serving, { certManager: certs.certManager, mesh: istio.ready, gatewayRef: istio.gatewayRef })!;
    layer.add(delivery, { mesh: istio.ready, monitoringCrds: crds });
    layer.add(slo, { crds, monitoring: metrics.release });
    layer.add(tracing, { mesh: istio.ready, monitoringCrds: crds });
    layer.add(clusterAddons, { monitoringCrds: crds });
    layer.add(externalDns, { mesh: istio.ready, monitoringCrds: crds });
    layer.add(ray, { mesh: istio.ready, monitoringCrds: crds });
    layer.add(airflow, { mesh: istio.ready, monitoringCrds: crds, gatewayRef: istio.gatewayRef, secrets: layer.secrets });
    layer.add(falco, { monitoringCrds: crds, monitoring: metrics.release });
    layer.add(trivyOperator, { monitoringCrds: crds });
    const servingIdentity = { namespace: SERVING_NAMESPACE.name, serviceAccount: MODEL_SERVER_SERVICE_ACCOUNT, podLabels: models.binding.podLabels };
    layer.add(velero, { monitoringCrds: crds, monitoring: metrics.release });
    layer.add(opencost, { monitoringCrds: crds });
    layer.add(guardrails, { serving: servingIdentity, platformNamespaces: layer.declaredNamespaces });
    layer.finish();

    return {
        mlflowUrl: pulumi.output(registry.url),
        modelsUrl: pulumi.output(models.modelsUrl),
        servingNamespace: pulumi.output(SERVING_NAMESPACE.name),
        certificateIssuer: pulumi.output(certs.issuerName),
        servingServiceAccount: pulumi.output(MODEL_SERVER_SERVICE_ACCOUNT),
        servingPodLabels: pulumi.output<Record<string, string>>(models.binding.podLabels),
        gateway: pulumi.output(istio.gatewayRef),
        modelRelease: pulumi.output(modelReleasePolicy(spec.platform.delivery)),
    };
}
