import type { PolicyResource } from "@pulumi/policy";
import { stackRule } from "../../../lib/rule";
import { checkov, platform } from "../../../lib/references";

const VAULT = "azure-native:keyvault:Vault";
const SECRET = "azure-native:keyvault:Secret";

/**
 * Key Vault encrypts secrets with its own HSM-protected keys and takes no other customer key: what
 * protects a secret is its vault. The rule holds each secret to a vault this stack creates (so the
 * vault rules can judge it) that is RBAC-authorized, purge-protected and closed to public networks.
 */
export default stackRule({
    name: "azure-keyvault-secret-platform-vault",
    description: "Key Vault secrets live in a vault the stack creates, with RBAC authorization, purge protection and no public network access.",
    category: "security",
    severity: "high",
    references: [platform("secret-store-customer-key"), checkov("CKV_AZURE_42"), checkov("CKV_AZURE_110")],
    remediationSteps: "Write the secret into the platform's vault (vaultName: vault.name) and keep that vault's enableRbacAuthorization, enablePurgeProtection and publicNetworkAccess \"Disabled\".",
    types: [VAULT, SECRET],
    check: (args, { report }) => {
        for (const secret of args.resources.filter((r) => r.type === SECRET)) {
            const vault = (secret.propertyDependencies.vaultName ?? []).find((d: PolicyResource) => d.type === VAULT);
            if (!vault) {
                report(`${secret.name}: its vault is not one this stack creates, so nothing here checks how it is protected.`, secret.urn);
                continue;
            }
            const p = vault.props.properties ?? {};
            // Reported on the vault: that is what to fix.
            if (p.enableRbacAuthorization !== true) report(`Vault ${vault.name} holds secret ${secret.name} but uses access policies, not Azure RBAC.`, vault.urn);
            if (p.enablePurgeProtection !== true) report(`Vault ${vault.name} holds secret ${secret.name} but has no purge protection.`, vault.urn);
            if (p.publicNetworkAccess !== "Disabled") report(`Vault ${vault.name} holds secret ${secret.name} but accepts public network access.`, vault.urn);
        }
    },
});
