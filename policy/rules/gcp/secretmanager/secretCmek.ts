import { resourceRule } from "../../../lib/rule";
import { platform } from "../../../lib/references";

type Replica = { location?: string; customerManagedEncryption?: { kmsKeyName?: string } };

export default resourceRule({
    name: "gcp-secretmanager-secret-cmek",
    description: "Secret Manager secrets are encrypted with a customer-managed Cloud KMS key (CMEK) in every replica location.",
    category: "security",
    severity: "high",
    references: [platform("secret-store-customer-key")],
    remediationSteps:
        "Set replication.userManaged.replicas[].customerManagedEncryption.kmsKeyName (a key in each replica's location) or replication.auto.customerManagedEncryption.kmsKeyName, and grant the Secret Manager service agent roles/cloudkms.cryptoKeyEncrypterDecrypter on the key first.",
    types: ["gcp:secretmanager/secret:Secret"],
    check: ({ props, report }) => {
        const replication = props.replication ?? {};
        if (replication.auto) {
            if (!replication.auto.customerManagedEncryption?.kmsKeyName) report("Automatic replication without customerManagedEncryption: Google-managed keys encrypt the secret.");
            return;
        }
        const replicas: Replica[] = replication.userManaged?.replicas ?? [];
        if (replicas.length === 0) report("No replication policy with customer-managed encryption.");
        for (const r of replicas) if (!r.customerManagedEncryption?.kmsKeyName) report(`The replica in ${r.location ?? "an unnamed location"} has no customer-managed key.`);
    },
});
