/** The platform's components in composition order (as k8s/index.ts adds them), for tests that read their declarations. */
import type { MeshedFlows, NamespaceDeclaration, PlatformComponent } from "../../k8s/component";
import { airflow } from "../../k8s/airflow";
import { certificates } from "../../k8s/certificates";
import { clusterAddons } from "../../k8s/clusterAddons";
import { delivery } from "../../k8s/delivery";
import { externalDns } from "../../k8s/externalDns";
import { externalSecrets } from "../../k8s/externalSecrets";
import { falco } from "../../k8s/falco";
import { guardrails } from "../../k8s/guardrails";
import { mesh } from "../../k8s/mesh";
import { mlflow } from "../../k8s/mlflow";
import { monitoring, monitoringCrds } from "../../k8s/monitoring";
import { opencost } from "../../k8s/opencost";
import { ray } from "../../k8s/ray";
import { serving } from "../../k8s/serving";
import { slo } from "../../k8s/slo";
import { tracing } from "../../k8s/tracing";
import { trivyOperator } from "../../k8s/trivyOperator";
import { velero } from "../../k8s/velero";

export const COMPONENTS: PlatformComponent<any, unknown>[] = [monitoringCrds, externalSecrets, mesh, certificates, monitoring, mlflow, serving, delivery, slo, tracing, clusterAddons, externalDns, ray, airflow, falco, trivyOperator, velero, opencost, guardrails];



export const DECLARATIONS: NamespaceDeclaration[] = COMPONENTS.flatMap((c) => c.namespaces);
export const MESHED: MeshedFlows[] = COMPONENTS.flatMap((c) => (c.meshed ? [c.meshed] : []));

/** Every platform namespace by key. */
export const NAMESPACES: Record<string, NamespaceDeclaration> = Object.fromEntries(DECLARATIONS.map((n) => [n.key, n]));
