/**
 * Helm releases with everything explicit: pinned chart version (from charts.ts), release name,
 * namespace and timeout. `helm.v3.Release` rather than `helm.v4.Chart`: Helm hooks run (MLflow's
 * secret key, cert-manager's startup check) and policies and the offline plan see the values.
 */
import * as pulumi from "@pulumi/pulumi";
import { Release } from "@pulumi/kubernetes/helm/v3";
import { CHARTS, type ChartName } from "./charts";

export interface HelmReleaseArgs {
    /** Release name: also the prefix of most object names the chart renders. */
    name: string;
    chart: ChartName;
    namespace: pulumi.Input<string>;
    /** Seconds Helm waits for the release's resources to become ready. */
    timeoutSeconds: number;
    values: pulumi.Input<Record<string, unknown>>;
}

export function helmRelease(resourceName: string, args: HelmReleaseArgs, opts: pulumi.CustomResourceOptions): Release {
    const ref = CHARTS[args.chart];
    return new Release(
        resourceName,
        {
            name: args.name,
            chart: ref.chart,
            version: ref.version,
            ...("repo" in ref ? { repositoryOpts: { repo: ref.repo } } : {}),
            namespace: args.namespace,
            createNamespace: false,
            timeout: args.timeoutSeconds,
            // A failed upgrade leaves no half-created objects behind; the previous revision keeps serving.
            cleanupOnFail: true,
            maxHistory: 10,
            values: args.values,
        },
        opts,
    );
}
