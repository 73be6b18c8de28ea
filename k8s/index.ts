/**
 * The platform layer: everything installed on the cluster, on any cloud, from the Foundation
 * contract alone. Order: namespaces (+ network policies) -> monitoring CRDs -> mesh ->
 * cert-manager -> monitoring -> MLflow and model serving -> cluster add-ons -> external-dns.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Foundation } from "../components/foundation";
import { ClusterAddons } from "./autoscaling";
import { Certificates } from "./certificates";
import { ConnectionSecrets } from "./connectionSecrets";
import { k8sContext, platformLabels, type PlatformLayerSpec } from "./context";
import { ExternalDns } from "./externalDns";
import { Mesh } from "./mesh";
import { Mlflow } from "./mlflow";
import { Monitoring, MonitoringCrds } from "./monitoring";
import { Namespaces, NAMESPACES } from "./namespaces";
import { DistributedCompute } from "./ray";
import { NetworkPolicies } from "./security";
import { Serving } from "./serving";
import { MODEL_SERVER_SERVICE_ACCOUNT } from "./values/kserve";

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
}

/** A component that only groups the layer's parts in the resource tree. */
class PlatformLayer extends pulumi.ComponentResource {
    constructor(name: string, opts: pulumi.ComponentResourceOptions) {
        super("mlplatform:k8s:PlatformLayer", name, {}, opts);
        this.registerOutputs({});
    }
}

export function installPlatformLayer(foundation: Foundation, spec: PlatformLayerSpec, opts: { parent: pulumi.Resource }): PlatformLayerOutputs {
    const name = `${spec.project}-${spec.stack}`;
    const layer = new PlatformLayer(name, { parent: opts.parent });
    const parent = { parent: layer };
    const namespaces = new Namespaces(
        name,
        { provider: foundation.cluster.provider, kubernetesVersion: foundation.cluster.kubernetesVersion, labels: platformLabels({ spec }) },
        parent,
    );
    const ctx = k8sContext(foundation, spec, namespaces.names());

    new NetworkPolicies(name, ctx, parent);
    const secrets = new ConnectionSecrets(name, ctx, { database: ["mlflow", "serving"], cache: ["serving"] }, parent);
    const crds = new MonitoringCrds(name, ctx, parent);
    const mesh = new Mesh(name, ctx, parent);
    const certificates = new Certificates(name, ctx, { dependsOn: [crds.release] }, parent);
    const monitoring = new Monitoring(name, ctx, { crds: crds.release, certManager: certificates.certManager, mesh: mesh.ready }, parent);
    const mlflow = new Mlflow(
        name,
        ctx,
        { databaseSecret: secrets.database.mlflow!, mesh: mesh.ready, monitoringCrds: crds.release, gatewayRef: mesh.gatewayRef },
        parent,
    );
    const serving = new Serving(name, ctx, { certManager: certificates.certManager, mesh: mesh.ready, gatewayRef: mesh.gatewayRef }, parent);
    new ClusterAddons(name, ctx, { monitoringCrds: crds.release }, parent);
    const zone = foundation.publicDns;
    if (zone) new ExternalDns(name, ctx, { zone, mesh: mesh.ready, monitoringCrds: crds.release }, parent);
    if (spec.platform.distributedCompute.enabled) {
        new DistributedCompute(name, ctx, { mesh: mesh.ready, monitoringCrds: crds.release, monitoring: monitoring.release }, parent);
    }

    return {
        mlflowUrl: pulumi.output(mlflow.url),
        modelsUrl: pulumi.output(serving.modelsUrl),
        servingNamespace: pulumi.output(NAMESPACES.serving.name),
        certificateIssuer: pulumi.output(certificates.issuerName),
        servingServiceAccount: pulumi.output(MODEL_SERVER_SERVICE_ACCOUNT),
        servingPodLabels: pulumi.output<Record<string, string>>(serving.binding.podLabels),
        gateway: pulumi.output(mesh.gatewayRef),
    };
}
