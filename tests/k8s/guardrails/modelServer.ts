/** What KServe (v0.20.0) and Istio (1.30.3) make of an InferenceService: the objects the admission policies judge. */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import type { PlannedStack } from "../../../automation/planStack";
import { CHARTS } from "../charts";
import { STORAGE_INITIALIZER } from "../../../k8s/serving/values";
import { ofType } from "../../support/plans";
import type { K8sObject } from "./admissionEval";

function releaseValues(p: PlannedStack, chart: string): any {
    const found = ofType(p, "kubernetes:helm.sh/v3:Release").filter((r) => r.inputs.chart === chart);
    expect(found, `release of ${chart}`).to.have.length(1);
    return found[0].inputs.values;
}

function chartDefaults(dir: string): any {
    return parse(fs.readFileSync(path.join(__dirname, "../../../schemas/charts", dir, "values.yaml"), "utf8"));
}

/**
 * The predictor Deployment KServe's controller writes in Standard mode: the InferenceService's
 * labels and annotations on the pod template (components/predictor.go copies them, plus the
 * inferenceservice and component labels), the runtime's container carrying the model's resources
 * and securityContext; and the Pod after KServe's pod mutator adds the storage initializer
 * (resources from the chart's kserve.storage defaults, securityContext from our values) and Istio's
 * injector adds istio-validation (global.proxy.resources, as the 1.30.3 injection template renders it) and the native istio-proxy sidecar.
 */
export function modelServerObjects(p: PlannedStack, isvc: Record<string, any>): K8sObject[] {
    const { metadata, spec } = isvc;
    const predictor = spec.predictor;
    const kserve = releaseValues(p, CHARTS.kserveResources.chart).kserve;
    const storageDefaults = chartDefaults(`kserveResources-${CHARTS.kserveResources.version}`).kserve.storage;
    const istio = releaseValues(p, CHARTS.istiod.chart).global;
    const kserveTag = CHARTS.kserveResources.version;
    const proxyImage = `docker.io/istio/proxyv2:${CHARTS.istiod.version}`;
    const labels = { ...metadata.labels, "serving.kserve.io/inferenceservice": metadata.name, component: "predictor" };
    const template = {
        metadata: { labels, annotations: metadata.annotations },
        spec: {
            serviceAccountName: predictor.serviceAccountName,
            securityContext: predictor.securityContext,
            containers: [
                {
                    name: "kserve-container",
                    image: `kserve/${predictor.model.modelFormat.name}server:${kserveTag}`,
                    resources: predictor.model.resources,
                    securityContext: predictor.model.securityContext,
                    ports: [{ containerPort: 8080, protocol: "TCP" }],
                },
            ],
        },
    };
    const deployment: K8sObject = {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: `${metadata.name}-predictor`, namespace: metadata.namespace, labels },
        spec: { selector: { matchLabels: { app: `isvc.${metadata.name}-predictor` } }, template },
    };
    const injected: K8sObject = {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: `${metadata.name}-predictor-abc12`, namespace: metadata.namespace, labels, annotations: metadata.annotations },
        spec: {
            ...template.spec,
            initContainers: [
                {
                    name: "istio-validation",
                    image: proxyImage,
                    resources: istio.proxy.resources,
                    securityContext: { readOnlyRootFilesystem: true, runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
                },
                {
                    name: "istio-proxy",
                    image: proxyImage,
                    restartPolicy: "Always",
                    resources: istio.proxy.resources,
                    ports: [{ containerPort: 15090, protocol: "TCP", name: "http-envoy-prom" }],
                    securityContext: { readOnlyRootFilesystem: true, runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
                },
                {
                    name: STORAGE_INITIALIZER,
                    image: `kserve/storage-initializer:${kserveTag}`,
                    resources: storageDefaults.resources,
                    securityContext: kserve.storage.containerSecurityContext,
                },
            ],
        },
    };
    return [deployment, injected];
}
