import type * as pulumi from "@pulumi/pulumi";
import type { Provider } from "@pulumi/kubernetes/provider";
import { StorageClass } from "@pulumi/kubernetes/storage/v1";

export const STORAGE_CLASS = "gp3-encrypted";

/**
 * EKS has no default StorageClass since 1.30: make an encrypted gp3 one the default, bound when
 * the pod is scheduled so the volume lands in the pod's zone.
 */
export function defaultStorageClass(name: string, provider: Provider, parent: pulumi.Resource, dependsOn: pulumi.Resource[]): StorageClass {
    return new StorageClass(
        name,
        {
            metadata: { name: STORAGE_CLASS, annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
            provisioner: "ebs.csi.aws.com",
            parameters: { type: "gp3", encrypted: "true", "csi.storage.k8s.io/fstype": "ext4" },
            volumeBindingMode: "WaitForFirstConsumer",
            allowVolumeExpansion: true,
            reclaimPolicy: "Delete",
        },
        { parent, provider, dependsOn },
    );
}
