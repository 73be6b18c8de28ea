import { resourceRule } from "../../lib/rule";
import { HELM_TYPES } from "../../lib/helmValues";
import { platform } from "../../lib/references";

interface Config {
    allowedRepositories: string[];
    allowedOciRepositories: string[];
}

/** The chart projects' own repositories: the ones in use and the ones the roadmap's components come from. */
export const UPSTREAM_REPOSITORIES = [
    "https://charts.jetstack.io",
    "https://community-charts.github.io/helm-charts",
    "https://istio-release.storage.googleapis.com/charts",
    "https://kedacore.github.io/charts",
    "https://kubernetes-sigs.github.io/metrics-server",
    "https://kubernetes.github.io/autoscaler",
    "https://nvidia.github.io/k8s-device-plugin",
    "https://prometheus-community.github.io/helm-charts",
    "https://kubernetes-sigs.github.io/external-dns",
    "https://aws.github.io/eks-charts",
    "https://helm.cilium.io",
    "https://open-telemetry.github.io/opentelemetry-helm-charts",
    "https://grafana.github.io/helm-charts",
    "https://argoproj.github.io/argo-helm",
    "https://kyverno.github.io/kyverno",
    "https://falcosecurity.github.io/charts",
    "https://aquasecurity.github.io/helm-charts",
    "https://charts.external-secrets.io",
    "https://vmware-tanzu.github.io/helm-charts",
    "https://opencost.github.io/opencost-helm-chart",
    "https://airflow.apache.org",
    "https://ray-project.github.io/kuberay-helm",
    "https://flagger.app",
];

export const UPSTREAM_OCI_REPOSITORIES = ["oci://ghcr.io/kserve/charts", "oci://public.ecr.aws/karpenter", "oci://ghcr.io/grafana-community/helm-charts"];

const normalize = (url: string) => url.trim().replace(/\/+$/, "").toLowerCase();

/** "oci://ghcr.io/kserve/charts/kserve-crd" -> "oci://ghcr.io/kserve/charts". */
const ociRepositoryOf = (chart: string) => chart.slice(0, chart.lastIndexOf("/"));

/** An unvetted mirror can serve any chart under a trusted name: the source is checked, not only its scheme. */
export default resourceRule<Config>({
    name: "helm-trusted-repository",
    description: "Helm charts come from an allow-listed upstream https repository or OCI registry path, never plain http, an unlisted mirror or an unspecified source.",
    category: "security",
    severity: "high",
    references: [platform("helm-pinned-charts")],
    remediationSteps: "Use the chart project's own repository; a new upstream is added to allowedRepositories (https) or allowedOciRepositories (oci://<registry>/<path>) after review.",
    config: {
        allowedRepositories: { type: "array", items: { type: "string", pattern: "^https://" }, default: UPSTREAM_REPOSITORIES, description: "https chart repositories, compared without a trailing slash." },
        allowedOciRepositories: { type: "array", items: { type: "string", pattern: "^oci://" }, default: UPSTREAM_OCI_REPOSITORIES, description: "oci:// repository paths (the chart reference without its last segment)." },
    },
    types: HELM_TYPES,
    check: ({ props, config, report }) => {
        const repo: unknown = props.repositoryOpts?.repo;
        const chart = String(props.chart ?? "");
        const https = config.allowedRepositories.map(normalize);
        const oci = config.allowedOciRepositories.map(normalize);
        if (typeof repo === "string" && repo !== "") {
            const allowed = repo.startsWith("oci://") ? oci : https;
            if (!/^(https|oci):\/\//.test(repo)) report(`Chart repository ${repo} is not https:// or oci://.`);
            else if (!allowed.includes(normalize(repo))) report(`Chart repository ${repo} is not in the allow-list of upstream repositories.`);
        } else if (chart.startsWith("oci://")) {
            if (!oci.includes(normalize(ociRepositoryOf(chart)))) report(`OCI chart ${chart} is not from an allow-listed registry path.`);
        } else {
            report(`Chart ${chart} has no repository: use repositoryOpts.repo or an oci:// reference.`);
        }
    },
});
