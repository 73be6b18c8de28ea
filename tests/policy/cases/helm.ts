import { RULES } from "../../../policy/rules";
import type { Fixture } from "../harness";
import { patched, type RuleCase } from "./types";

const rule = (name: string) => RULES.find((r) => r.name === name)!;

const release = (patch: Record<string, unknown> = {}): Fixture => ({
    type: "kubernetes:helm.sh/v3:Release",
    props: patched(
        {
            name: "istiod",
            chart: "istiod",
            version: "1.30.3",
            repositoryOpts: { repo: "https://istio-release.storage.googleapis.com/charts" },
            namespace: "istio-system",
            timeout: 600,
            values: { pilot: { securityContext: { runAsNonRoot: true, privileged: false } } },
        },
        patch,
    ),
});

const ociRelease = (chart: string): Fixture => release({ chart, repositoryOpts: undefined, version: "v0.20.0" });

export const HELM_CASES: RuleCase[] = [
    {
        rule: rule("helm-chart-version-pinned"),
        compliant: [
            { why: "exact version", fixture: release() },
            { why: "v-prefixed version", fixture: ociRelease("oci://ghcr.io/kserve/charts/kserve-crd") },
        ],
        violating: [
            { why: "no version", fixture: release({ version: undefined }), expect: /unset/ },
            { why: "range", fixture: release({ version: "^1.30.0" }), expect: /\^1.30.0/ },
            { why: "wildcard", fixture: release({ version: "1.30.x" }) },
        ],
    },
    {
        rule: rule("helm-trusted-repository"),
        compliant: [
            { why: "https repository", fixture: release() },
            { why: "OCI chart", fixture: ociRelease("oci://ghcr.io/kserve/charts/kserve-crd") },
        ],
        violating: [
            { why: "http repository", fixture: release({ repositoryOpts: { repo: "http://charts.example.com" } }), expect: /http:\/\/charts/ },
            { why: "no repository", fixture: release({ repositoryOpts: undefined }), expect: /no repository/ },
        ],
    },
    {
        rule: rule("helm-values-no-privileged"),
        compliant: [
            { why: "restricted values", fixture: release() },
            { why: "exempt release", fixture: release({ values: { hostNetwork: true } }), options: { config: { exemptReleases: ["istiod"] } } },
        ],
        violating: [
            { why: "privileged container", fixture: release({ values: { pilot: { securityContext: { privileged: true } } } }), expect: /values.pilot.securityContext.privileged/ },
            { why: "host network in a list", fixture: release({ values: { jobs: [{ hostNetwork: true }] } }), expect: /values.jobs.0.hostNetwork/ },
        ],
    },
    {
        rule: rule("helm-release-explicit"),
        compliant: [{ why: "name, namespace and timeout", fixture: release() }],
        violating: [{ why: "no timeout or namespace", fixture: release({ timeout: undefined, namespace: undefined }), expect: /namespace, timeout/ }],
    },
];
