/** Every chart pin of the platform's components, by the name the schema manifests use. */
import { AIRFLOW_CHARTS } from "../../k8s/airflow/values";
import { CERTIFICATES_CHARTS } from "../../k8s/certificates/values";
import { CLUSTER_ADDONS_CHARTS } from "../../k8s/clusterAddons/values";
import { DELIVERY_CHARTS } from "../../k8s/delivery/values";
import { EXTERNAL_DNS_CHARTS } from "../../k8s/externalDns/values";
import { EXTERNAL_SECRETS_CHARTS } from "../../k8s/externalSecrets/values";
import { FALCO_CHARTS } from "../../k8s/falco/values";
import { MESH_CHARTS } from "../../k8s/mesh/values";
import { MLFLOW_CHARTS } from "../../k8s/mlflow/values";
import { MONITORING_CHARTS } from "../../k8s/monitoring/values";
import { OPENCOST_CHARTS } from "../../k8s/opencost/values";
import { RAY_CHARTS } from "../../k8s/ray/values";
import { SERVING_CHARTS } from "../../k8s/serving/values";
import { TRACING_CHARTS } from "../../k8s/tracing/values";
import { TRIVY_OPERATOR_CHARTS } from "../../k8s/trivyOperator/values";
import { VELERO_CHARTS } from "../../k8s/velero/values";

export const CHARTS = {
    ...MESH_CHARTS,
    ...CERTIFICATES_CHARTS,
    ...MONITORING_CHARTS,
    ...EXTERNAL_DNS_CHARTS,
    ...MLFLOW_CHARTS,
    ...SERVING_CHARTS,
    ...CLUSTER_ADDONS_CHARTS,
    ...RAY_CHARTS,
    ...TRACING_CHARTS,
    ...FALCO_CHARTS,
    ...TRIVY_OPERATOR_CHARTS,
    ...AIRFLOW_CHARTS,
    ...VELERO_CHARTS,
    ...OPENCOST_CHARTS,
    ...EXTERNAL_SECRETS_CHARTS,
    ...DELIVERY_CHARTS,

};

export type ChartName = keyof typeof CHARTS;
