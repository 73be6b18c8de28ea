import { resourceRule } from "../../lib/rule";
import { HELM_TYPES, isObject, pathLabel, valuesOf, walkValues, type ValueNode } from "../../lib/helmValues";
import { parseImage } from "../kubernetes/imagePinning";
import { checkov } from "../../lib/references";

interface Config {
    allowedRegistries: string[];
}

/** Tags that name a moving target rather than a release. */
const MUTABLE_TAGS = new Set(["latest", "main", "master", "nightly", "edge", "dev", "stable", "head"]);

/** Values keys that name an image or the registry images come from. */
const IMAGE_KEYS = new Set(["image", "hub", "registry", "imageRegistry"]);

interface ImageFinding {
    message: string;
}

function registryAllowed(registry: string, allowed: readonly string[]): boolean {
    const host = registry.split("/")[0];
    return allowed.some((r) => host === r || host.endsWith(`.${r}`));
}

/** image: "repo:tag" — a full reference; "auto" is Istio's injection placeholder. */
function checkReference(at: string, ref: string, allowed: readonly string[]): ImageFinding[] {
    if (ref === "auto" || ref === "") return [];
    const parsed = parseImage(ref);
    const found: ImageFinding[] = [];
    if (!parsed.digest && (!parsed.tag || MUTABLE_TAGS.has(parsed.tag))) found.push({ message: `${at} ${ref} is not pinned to a version tag or digest.` });
    if (!registryAllowed(parsed.registry, allowed)) found.push({ message: `${at} ${ref} comes from registry ${parsed.registry}, which is not allowed.` });
    return found;
}

const text = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** image: {registry, repository, tag, digest}: an unset tag means the chart's own pinned appVersion. */
function checkObject(at: string, image: Record<string, unknown>, allowed: readonly string[]): ImageFinding[] {
    const repository = text(image.repository);
    const registry = text(image.registry);
    const tag = text(image.tag);
    if (repository && !tag && /[:@]/.test(repository.split("/").pop() ?? "")) {
        return checkReference(`${at}.repository`, registry ? `${registry}/${repository}` : repository, allowed);
    }
    const found: ImageFinding[] = [];
    if (tag && MUTABLE_TAGS.has(tag.toLowerCase()) && !image.digest) found.push({ message: `${at}.tag is "${tag}", not a pinned version.` });
    const host = registry ?? (repository ? parseImage(repository).registry : undefined);
    if (host && !registryAllowed(host, allowed)) found.push({ message: `${at} comes from registry ${host}, which is not allowed.` });
    return found;
}

/**
 * A bare `registry` key is not always an image registry (external-dns's `registry: txt` names its
 * ownership-record store): only a value shaped like a host counts.
 */
const looksLikeHost = (v: string): boolean => /^[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?(\/.*)?$|^localhost(:\d+)?(\/.*)?$/i.test(v);

function inspect({ key, value, path, parent }: ValueNode, allowed: readonly string[]): ImageFinding[] {
    const at = pathLabel(path);
    if (key === "image" && typeof value === "string") return checkReference(at, value, allowed);
    if (key === "image" && isObject(value)) return checkObject(at, value, allowed);
    if (IMAGE_KEYS.has(key) && key !== "image" && typeof value === "string" && value !== "" && (key === "hub" || looksLikeHost(value))) {
        const found = registryAllowed(value, allowed) ? [] : [{ message: `${at} ${value} is not an allowed registry.` }];
        // Istio's {hub, tag} pair: the tag sits beside the hub.
        const tag = parent.tag;
        if (key === "hub" && typeof tag === "string" && MUTABLE_TAGS.has(tag.toLowerCase())) found.push({ message: `${at.replace(/hub$/, "tag")} is "${tag}", not a pinned version.` });
        return found;
    }
    return [];
}

/** Images configured through chart values, in every shape charts use. */
export default resourceRule<Config>({
    name: "helm-values-images-pinned",
    description: "Images set in Helm values (image: \"repo:tag\", image: {registry, repository, tag}, hub/tag) are pinned to a version or digest and come from allowed registries.",
    category: "security",
    severity: "high",
    references: [checkov("CKV_K8S_14"), checkov("CKV_K8S_43")],
    remediationSteps: "Set an exact version tag (or a digest) and a registry from allowedRegistries; leave the tag unset to use the chart's pinned appVersion.",
    config: {
        allowedRegistries: {
            type: "array",
            items: { type: "string" },
            default: ["docker.io", "ghcr.io", "quay.io", "registry.k8s.io", "public.ecr.aws", "nvcr.io", "gcr.io", "pkg.dev", "mcr.microsoft.com", "amazonaws.com", "azurecr.io"],
            description: "Registry hosts (suffix match) that chart images may come from.",
        },
    },
    types: HELM_TYPES,
    check: ({ props, config, report }) => {
        walkValues(valuesOf(props), (node) => {
            for (const f of inspect(node, config.allowedRegistries)) report(f.message);
        });
    },
});
