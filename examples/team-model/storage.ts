/**
 * Where KServe's storage initializer finds a model inside the platform's artifact store.
 */

/**
 * The storageUri for a model at `modelPath` under the artifact store. S3 and GCS URIs are used as
 * they are; KServe reads Azure Blob through https, so the platform's wasbs:// URI is rewritten.
 */
export function kserveStorageUri(artifactStoreUri: string, modelPath: string): string {
    const relative = modelPath.replace(/^\/+|\/+$/g, "");
    if (relative === "" || relative.split("/").some((segment) => segment === ".." || segment === ".")) {
        throw new Error(`modelPath must be a path inside the artifact store, got "${modelPath}"`);
    }
    const base = artifactStoreUri.replace(/\/+$/, "");
    if (/^(s3|gs):\/\/[^/]+/.test(base)) return `${base}/${relative}`;
    const azure = /^wasbs?:\/\/([^@/]+)@([^/]+\.blob\.core\.windows\.net)(\/.*)?$/.exec(base);
    if (azure) {
        const [, container, host, prefix = ""] = azure;
        return `https://${host}/${container}${prefix}/${relative}`;
    }
    throw new Error(`unsupported artifact store URI "${artifactStoreUri}": expected s3://, gs:// or wasbs://`);
}
