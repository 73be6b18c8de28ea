/**
 * External Secrets Operator: syncs the platform's credentials from the cloud's secret store into
 * the namespaces that use them (the stores and ExternalSecrets are the kit's, ../connectionSecrets.ts).
 * Its admission webhook validates every store and ExternalSecret, so the namespace stays out of the
 * mesh and admits the API server on the webhook's port.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { Release } from "@pulumi/kubernetes/helm/v3";
import { component, type InstallArgs, type NamespaceDeclaration } from "../component";
import type { ConnectionSecrets } from "../connectionSecrets";
import { K8sComponent, type K8sContext } from "../context";
import { helmRelease } from "../helm";
import { externalSecretsAlertGroup } from "./alerts";
import { prometheusScrape } from "../monitoring/flows";
import { API_SERVER, outside, webhook } from "../networkPolicyBuilder";
import { systemTolerations } from "../securityContext";
import { EXTERNAL_SECRETS_CHARTS, EXTERNAL_SECRETS_NAMESPACE_NAME, EXTERNAL_SECRETS_RELEASE, externalSecretsValues, METRICS_PORT, WEBHOOK_PORT } from "./values";

export const EXTERNAL_SECRETS_NAMESPACE: NamespaceDeclaration = {
    key: "externalSecrets",
    name: EXTERNAL_SECRETS_NAMESPACE_NAME,
    podSecurity: "restricted",
    // The API server calls the webhook without mTLS.
    mesh: "disabled",
    accepts: [webhook(WEBHOOK_PORT), prometheusScrape(METRICS_PORT)],
    // The cloud's secret store API and its token exchange (STS, Google STS/IAM credentials, Entra ID),
    // or on Azure the vault's private endpoint: all HTTPS.
    egress: [API_SERVER, outside("secret-store", 443)],
    // On GKE the controller asks the metadata server for the cluster's location and for tokens.
    workloadIdentity: true,
};

export interface ExternalSecretsArgs {
    /** The Prometheus Operator's CRDs: the chart renders ServiceMonitors. */
    monitoringCrds: pulumi.Resource;
    /** The layer's connection objects, which wait for the operator once it is installed. */
    secrets: ConnectionSecrets;
}

export class ExternalSecrets extends K8sComponent {
    readonly release: Release;

    constructor(name: string, ctx: K8sContext, args: ExternalSecretsArgs, opts: pulumi.ComponentResourceOptions) {
        super("ExternalSecrets", name, ctx, opts);
        this.release = helmRelease(
            `${name}-external-secrets`,
            {
                name: EXTERNAL_SECRETS_RELEASE,
                chart: EXTERNAL_SECRETS_CHARTS.externalSecrets,
                namespace: ctx.ns[EXTERNAL_SECRETS_NAMESPACE.key],
                timeoutSeconds: 600,
                values: externalSecretsValues({ ha: ctx.ha, tolerations: systemTolerations(ctx.foundation.cluster.taints.system) }),
            },
            this.child({ dependsOn: [args.monitoringCrds] }),
        );
        // The release is complete once its Deployments are ready: the webhook serves, the CRDs exist.
        args.secrets.attach([this.release]);
        this.registerOutputs({});
    }
}

export const externalSecrets = component({
    name: "externalSecrets",
    namespaces: [EXTERNAL_SECRETS_NAMESPACE],
    alerts: [externalSecretsAlertGroup()],
    install: ({ name, ctx, deps, opts }: InstallArgs<ExternalSecretsArgs>) => new ExternalSecrets(name, ctx, deps, opts),
});
