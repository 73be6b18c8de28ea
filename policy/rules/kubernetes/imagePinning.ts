import { resourceRule } from "../../lib/rule";
import { describeContainer, forEachContainer, WORKLOAD_TYPES } from "../../lib/kubernetes";
import { checkov, cisGke } from "../../lib/references";

interface Config {
    allowedRegistries: string[];
}

interface ImageRef {
    registry: string;
    tag?: string;
    digest?: string;
}

/** Splits "registry/path/name:tag@sha256:..."; a first segment without "." or ":" means Docker Hub. */
export function parseImage(image: string): ImageRef {
    const [withoutDigest, digest] = image.split("@");
    const slash = withoutDigest.indexOf("/");
    const first = slash === -1 ? "" : withoutDigest.slice(0, slash);
    const hasRegistry = first.includes(".") || first.includes(":") || first === "localhost";
    const registry = hasRegistry ? first : "docker.io";
    const path = hasRegistry ? withoutDigest.slice(slash + 1) : withoutDigest;
    const colon = path.lastIndexOf(":");
    return { registry, tag: colon === -1 ? undefined : path.slice(colon + 1), digest };
}

export default resourceRule<Config>({
    name: "k8s-image-pinning",
    description: "Container images come from allowed registries and are pinned by digest or an explicit, non-latest tag.",
    category: "security",
    severity: "high",
    references: [cisGke("5.1.4"), checkov("CKV_K8S_14"), checkov("CKV_K8S_43")],
    remediationSteps: "Reference images as <registry>/<name>:<version> or @sha256:<digest> from a registry in allowedRegistries.",
    config: {
        allowedRegistries: {
            type: "array",
            items: { type: "string" },
            default: ["docker.io", "ghcr.io", "quay.io", "registry.k8s.io", "public.ecr.aws", "nvcr.io", "gcr.io", "mcr.microsoft.com"],
            description: "Registry hosts images may come from (a suffix match, so \"pkg.dev\" allows every Artifact Registry region).",
        },
    },
    types: WORKLOAD_TYPES,
    check: ({ type, props, config, report }) => {
        forEachContainer(type, props, (c) => {
            if (!c.image) return c.imageFromRuntime ? undefined : report(`${describeContainer(c)} has no image.`);
            const ref = parseImage(c.image);
            if (!ref.digest && (!ref.tag || ref.tag === "latest")) report(`${describeContainer(c)} image ${c.image} is not pinned (no tag, or latest).`);
            const allowed = config.allowedRegistries.some((r) => ref.registry === r || ref.registry.endsWith(`.${r}`));
            if (!allowed) report(`${describeContainer(c)} image registry ${ref.registry} is not allowed.`);
        });
    },
});
