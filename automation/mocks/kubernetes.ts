import type { Inputs, ProviderMocks } from "./types";

/** What the API server adds to an object's metadata. */
const withUid = (name: string, inputs: Inputs) => ({ metadata: { ...(inputs.metadata ?? {}), uid: `uid-${name}`, resourceVersion: "1" } });

export const kubernetesMocks: ProviderMocks = {
    states: {
        // A deployed first revision, as Helm reports it.
        "kubernetes:helm.sh/v3:Release": (name, inputs) => ({
            status: {
                name: inputs.name ?? name,
                namespace: inputs.namespace ?? "default",
                chart: inputs.chart,
                version: inputs.version,
                appVersion: inputs.version,
                revision: 1,
                status: "deployed",
            },
        }),
        "kubernetes:core/v1:Namespace": (name, inputs) => ({ ...withUid(name, inputs), status: { phase: "Active" } }),
        "kubernetes:core/v1:Secret": withUid,
        "kubernetes:core/v1:ConfigMap": withUid,
        "kubernetes:core/v1:ServiceAccount": withUid,
    },
    calls: {},
};
