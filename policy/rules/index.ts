/**
 * Every rule of the pack, in one list: the entry file, the offline plan and the tests read this.
 * Adding a rule: create its file under rules/<vendor>/<service>/ and add it here (see docs/policy.md).
 */
import type { Rule } from "../lib/rule";
import awsCloudwatchLogGroupRetentionEncryption from "./aws/cloudwatch/logGroupRetentionEncryption";
import awsEc2DefaultSecurityGroupClosed from "./aws/ec2/defaultSecurityGroupClosed";
import awsEc2LaunchTemplateEbsEncrypted from "./aws/ec2/launchTemplateEbsEncrypted";
import awsEc2LaunchTemplateImdsv2 from "./aws/ec2/launchTemplateImdsv2";
import awsEc2NoWorldAdminPorts from "./aws/ec2/noWorldAdminPorts";
import awsEcrScanAndImmutableTags from "./aws/ecr/scanAndImmutableTags";
import awsEksAccessEntries from "./aws/eks/accessEntries";
import awsEksControlPlaneLogging from "./aws/eks/controlPlaneLogging";
import awsEksDeletionProtection from "./aws/eks/deletionProtection";
import awsEksEndpointRestricted from "./aws/eks/endpointRestricted";
import awsEksNodeGroupNoSsh from "./aws/eks/nodeGroupNoSsh";
import awsEksSecretsEncryption from "./aws/eks/secretsEncryption";
import awsElasticacheEncryption from "./aws/elasticache/encryption";
import awsElasticacheHighAvailability from "./aws/elasticache/highAvailability";
import awsIamNoAdminPolicies from "./aws/iam/noAdminPolicies";
import awsIamNoServiceWildcards from "./aws/iam/noServiceWildcards";
import awsIamRoleTrustScoped from "./aws/iam/roleTrustScoped";
import awsIamWorkloadScoped from "./aws/iam/workloadScoped";
import awsKmsKeyRotation from "./aws/kms/keyRotation";
import awsSecretsmanagerSecretCmk from "./aws/secretsmanager/secretCmk";
import awsRdsBackupRetention from "./aws/rds/backupRetention";
import awsRdsDeletionProtection from "./aws/rds/deletionProtection";
import awsRdsForceTls from "./aws/rds/forceTls";
import awsRdsIamAuthAndPatching from "./aws/rds/iamAuthAndPatching";
import awsRdsMultiAz from "./aws/rds/multiAz";
import awsRdsNoPublicAccess from "./aws/rds/noPublicAccess";
import awsRdsStorageEncrypted from "./aws/rds/storageEncrypted";
import awsS3AccessLogging from "./aws/s3/accessLogging";
import awsS3BucketPolicyNotPublic from "./aws/s3/bucketPolicyNotPublic";
import awsS3Encryption from "./aws/s3/encryption";
import awsS3NoPublicAcl from "./aws/s3/noPublicAcl";
import awsS3PublicAccessBlock from "./aws/s3/publicAccessBlock";
import awsS3TlsOnly from "./aws/s3/tlsOnly";
import awsS3Versioning from "./aws/s3/versioning";
import azureAksEntraRbac from "./azure/aks/entraRbac";
import azureAksNetworkPolicy from "./azure/aks/networkPolicy";
import azureAksNodePools from "./azure/aks/nodePools";
import azureAksPrivateApi from "./azure/aks/privateApi";
import azureAksUpgradesAndSla from "./azure/aks/upgradesAndSla";
import azureAksWorkloadIdentity from "./azure/aks/workloadIdentity";
import azureAuthorizationRbacScoped from "./azure/authorization/rbacScoped";
import azureKeyvaultVaultProtection from "./azure/keyvault/vaultProtection";
import azureKeyvaultSecretPlatformVault from "./azure/keyvault/secretInPlatformVault";
import azureNetworkNsgNoWorldInbound from "./azure/network/nsgNoWorldInbound";
import azurePostgresBackupAndHa from "./azure/postgres/backupAndHa";
import azurePostgresPrivateAccess from "./azure/postgres/privateAccess";
import azurePostgresTls from "./azure/postgres/tls";
import azureRedisCacheTlsPrivate from "./azure/redis/cacheTlsPrivate";
import azureRedisHighAvailability from "./azure/redis/highAvailability";
import azureRedisManagedRedisTlsPrivate from "./azure/redis/managedRedisTlsPrivate";
import azureStorageAccountSecure from "./azure/storage/accountSecure";
import azureStorageBlobContainerPrivate from "./azure/storage/blobContainerPrivate";
import gcpCloudsqlBackups from "./gcp/cloudsql/backups";
import gcpCloudsqlHighAvailability from "./gcp/cloudsql/highAvailability";
import gcpCloudsqlPrivateIp from "./gcp/cloudsql/privateIp";
import gcpCloudsqlTls from "./gcp/cloudsql/tls";
import gcpComputeFirewallNoWorldIngress from "./gcp/compute/firewallNoWorldIngress";
import gcpGcsNoPublicAccess from "./gcp/gcs/noPublicAccess";
import gcpGcsVersioning from "./gcp/gcs/versioning";
import gcpGkeAuthHardening from "./gcp/gke/authHardening";
import gcpGkeDeletionProtection from "./gcp/gke/deletionProtection";
import gcpGkeNetworkPolicy from "./gcp/gke/networkPolicy";
import gcpGkeNodePoolHardening from "./gcp/gke/nodePoolHardening";
import gcpGkePrivateCluster from "./gcp/gke/privateCluster";
import gcpGkeReleaseChannel from "./gcp/gke/releaseChannel";
import gcpGkeSecretsEncryption from "./gcp/gke/secretsEncryption";
import gcpGkeWorkloadIdentity from "./gcp/gke/workloadIdentity";
import gcpIamNoBroadGrants from "./gcp/iam/noBroadGrants";
import gcpIamWorkloadScoped from "./gcp/iam/workloadScoped";
import gcpKmsKeyRotation from "./gcp/kms/keyRotation";
import gcpSecretmanagerSecretCmek from "./gcp/secretmanager/secretCmek";
import gcpMemorystoreAuthTls from "./gcp/memorystore/authTls";
import gcpMemorystoreHighAvailability from "./gcp/memorystore/highAvailability";
import helmChartVersionPinned from "./helm/chartVersionPinned";
import helmReleaseExplicit from "./helm/releaseExplicit";
import helmTrustedRepository from "./helm/trustedRepository";
import helmValuesImagesPinned from "./helm/valuesImagesPinned";
import helmValuesNoPrivileged from "./helm/valuesNoPrivileged";
import helmValuesResources from "./helm/valuesResources";
import istioMeshStrictMtls from "./istio/meshStrictMtls";
import kubernetesAdmissionPolicySound from "./kubernetes/admissionPolicySound";
import kubernetesContainerResources from "./kubernetes/containerResources";
import kubernetesImagePinning from "./kubernetes/imagePinning";
import kubernetesLoadBalancerInternal from "./kubernetes/loadBalancerInternal";
import kubernetesNamespacePodSecurity from "./kubernetes/namespacePodSecurity";
import kubernetesNetworkPolicyNoOpenRules from "./kubernetes/networkPolicyNoOpenRules";
import kubernetesNoDefaultNamespace from "./kubernetes/noDefaultNamespace";
import kubernetesNoPrivilegedOrHostAccess from "./kubernetes/noPrivilegedOrHostAccess";
import kubernetesRbacLeastPrivilege from "./kubernetes/rbacLeastPrivilege";
import kubernetesReadOnlyRootFilesystem from "./kubernetes/readOnlyRootFilesystem";
import kubernetesRestrictedSecurityContext from "./kubernetes/restrictedSecurityContext";
import kubernetesServiceExposure from "./kubernetes/serviceExposure";
import stackNamespaceNetworkPolicy from "./stack/namespaceNetworkPolicy";
import stackRequiredTags from "./stack/requiredTags";
import stackStatefulProtected from "./stack/statefulProtected";
import stackBudget from "./stack/budget";
import stackCrossRegionBackups from "./stack/crossRegionBackups";

export const RULES: readonly Rule[] = [
    awsCloudwatchLogGroupRetentionEncryption,
    awsEc2DefaultSecurityGroupClosed,
    awsEc2LaunchTemplateEbsEncrypted,
    awsEc2LaunchTemplateImdsv2,
    awsEc2NoWorldAdminPorts,
    awsEcrScanAndImmutableTags,
    awsEksAccessEntries,
    awsEksControlPlaneLogging,
    awsEksDeletionProtection,
    awsEksEndpointRestricted,
    awsEksNodeGroupNoSsh,
    awsEksSecretsEncryption,
    awsElasticacheEncryption,
    awsElasticacheHighAvailability,
    awsIamNoAdminPolicies,
    awsIamNoServiceWildcards,
    awsIamRoleTrustScoped,
    awsIamWorkloadScoped,
    awsKmsKeyRotation,
    awsSecretsmanagerSecretCmk,
    awsRdsBackupRetention,
    awsRdsDeletionProtection,
    awsRdsForceTls,
    awsRdsIamAuthAndPatching,
    awsRdsMultiAz,
    awsRdsNoPublicAccess,
    awsRdsStorageEncrypted,
    awsS3AccessLogging,
    awsS3BucketPolicyNotPublic,
    awsS3Encryption,
    awsS3NoPublicAcl,
    awsS3PublicAccessBlock,
    awsS3TlsOnly,
    awsS3Versioning,
    azureAksEntraRbac,
    azureAksNetworkPolicy,
    azureAksNodePools,
    azureAksPrivateApi,
    azureAksUpgradesAndSla,
    azureAksWorkloadIdentity,
    azureAuthorizationRbacScoped,
    azureKeyvaultVaultProtection,
    azureKeyvaultSecretPlatformVault,
    azureNetworkNsgNoWorldInbound,
    azurePostgresBackupAndHa,
    azurePostgresPrivateAccess,
    azurePostgresTls,
    azureRedisCacheTlsPrivate,
    azureRedisHighAvailability,
    azureRedisManagedRedisTlsPrivate,
    azureStorageAccountSecure,
    azureStorageBlobContainerPrivate,
    gcpCloudsqlBackups,
    gcpCloudsqlHighAvailability,
    gcpCloudsqlPrivateIp,
    gcpCloudsqlTls,
    gcpComputeFirewallNoWorldIngress,
    gcpGcsNoPublicAccess,
    gcpGcsVersioning,
    gcpGkeAuthHardening,
    gcpGkeDeletionProtection,
    gcpGkeNetworkPolicy,
    gcpGkeNodePoolHardening,
    gcpGkePrivateCluster,
    gcpGkeReleaseChannel,
    gcpGkeSecretsEncryption,
    gcpGkeWorkloadIdentity,
    gcpIamNoBroadGrants,
    gcpIamWorkloadScoped,
    gcpKmsKeyRotation,
    gcpSecretmanagerSecretCmek,
    gcpMemorystoreAuthTls,
    gcpMemorystoreHighAvailability,
    helmChartVersionPinned,
    helmReleaseExplicit,
    helmTrustedRepository,
    helmValuesImagesPinned,
    helmValuesNoPrivileged,
    helmValuesResources,
    istioMeshStrictMtls,
    kubernetesAdmissionPolicySound,
    kubernetesContainerResources,
    kubernetesImagePinning,
    kubernetesLoadBalancerInternal,
    kubernetesNamespacePodSecurity,
    kubernetesNetworkPolicyNoOpenRules,
    kubernetesNoDefaultNamespace,
    kubernetesNoPrivilegedOrHostAccess,
    kubernetesRbacLeastPrivilege,
    kubernetesReadOnlyRootFilesystem,
    kubernetesRestrictedSecurityContext,
    kubernetesServiceExposure,
    stackNamespaceNetworkPolicy,
    stackRequiredTags,
    stackStatefulProtected,
    stackBudget,
    stackCrossRegionBackups,
];
