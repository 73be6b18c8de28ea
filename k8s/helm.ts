/**
 * Helm releases with everything explicit: pinned chart version (each component's own pins), release name,
 * namespace and timeout. `helm.v3.Release` rather than `helm.v4.Chart`: Helm hooks run (MLflow's
 * secret key, cert-manager's startup check) and policies and the offline plan see the values.
 */
import * as pulumi from "@pulumi/pulumi";
import { Release } from "@pulumi/kubernetes/helm/v3";

/**
 * A pinned chart. Upgrading one is a one-line change in its component, reviewed like any other;
 * `helm.v3.Release` installs CRDs from a chart's crds/ folder only once, so CRD-bearing charts are
 * installed from separate CRD charts (or templates) instead.
 */
export interface ChartRef {
    /** Chart name, or a full oci:// reference. */
    chart: string;
    /** Exact version: never a range. */
    version: string;
    /** Chart repository URL; absent for OCI charts. */
    repo?: string;
}

export interface HelmReleaseArgs {
    /** Release name: also the prefix of most object names the chart renders. */
    name: string;
    chart: ChartRef;
    namespace: pulumi.Input<string>;
    /** Seconds Helm waits for the release's resources to become ready. */
    timeoutSeconds: number;
    values: pulumi.Input<Record<string, unknown>>;
    /** Skip the chart's crds/ folder: for charts that render their CRDs as templates (upgraded with the chart). */
    skipCrds?: boolean;
}

export function helmRelease(resourceName: string, args: HelmReleaseArgs, opts: pulumi.CustomResourceOptions): Release {
    const ref = args.chart;
    return new Release(
        resourceName,
        {
            name: args.name,
            chart: ref.chart,
            version: ref.version,
            ...(ref.repo ? { repositoryOpts: { repo: ref.repo } } : {}),
            namespace: args.namespace,
            createNamespace: false,
            timeout: args.timeoutSeconds,
            // A failed upgrade leaves no half-created objects behind; the previous revision keeps serving.
            cleanupOnFail: true,
            maxHistory: 10,
            values: args.values,
            ...(args.skipCrds ? { skipCrds: true } : {}),
        },
        opts,
    );
}
