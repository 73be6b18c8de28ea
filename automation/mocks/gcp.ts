import type { Inputs, ProviderMocks } from "./types";

const PROJECT_NUMBER = "123456789012";
const project = (inputs: Inputs) => inputs.project ?? "mock-project";

export const gcpMocks: ProviderMocks = {
    states: {
        "gcp:container/cluster:Cluster": (name, inputs) => ({
            name: inputs.name ?? name,
            endpoint: inputs.privateClusterConfig?.enablePrivateEndpoint ? "172.16.0.2" : "203.0.113.10",
            // GKE's DNS endpoint: gke-<uid>.<location>.gke.goog.
            controlPlaneEndpointsConfig: {
                ...(inputs.controlPlaneEndpointsConfig ?? {}),
                dnsEndpointConfig: { ...(inputs.controlPlaneEndpointsConfig?.dnsEndpointConfig ?? {}), endpoint: `gke-0123456789abcdef0123456789abcdef-123456789012.${inputs.location}.gke.goog` },
            },
            masterAuth: { ...(inputs.masterAuth ?? {}), clusterCaCertificate: "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1PQ0sKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=" },
            selfLink: `https://container.googleapis.com/v1/projects/${project(inputs)}/locations/${inputs.location}/clusters/${inputs.name ?? name}`,
        }),
        "gcp:container/nodePool:NodePool": (name, inputs) => ({ name: inputs.name ?? name }),
        "gcp:compute/network:Network": (name, inputs) => ({ name: inputs.name ?? name, selfLink: `projects/${project(inputs)}/global/networks/${inputs.name ?? name}` }),
        "gcp:compute/subnetwork:Subnetwork": (name, inputs) => ({ name: inputs.name ?? name }),
        "gcp:compute/router:Router": (name, inputs) => ({ name: inputs.name ?? name }),
        "gcp:compute/globalAddress:GlobalAddress": (name, inputs) => ({ name: inputs.name ?? name }),
        "gcp:projects/iAMCustomRole:IAMCustomRole": (_name, inputs) => ({ name: `projects/${project(inputs)}/roles/${inputs.roleId}` }),
        "gcp:kms/keyRing:KeyRing": (name, inputs) => ({ name: inputs.name ?? name }),
        "gcp:kms/cryptoKey:CryptoKey": (name, inputs) => ({ name: inputs.name ?? name }),
        "gcp:projects/serviceIdentity:ServiceIdentity": (_name, inputs) => ({
            email: `service-${PROJECT_NUMBER}@gcp-sa-${String(inputs.service).split(".")[0].replace("sqladmin", "cloud-sql")}.iam.gserviceaccount.com`,
        }),
        "gcp:serviceaccount/account:Account": (name, inputs) => {
            const email = `${inputs.accountId ?? name}@${project(inputs)}.iam.gserviceaccount.com`;
            return { email, member: `serviceAccount:${email}`, name: `projects/${project(inputs)}/serviceAccounts/${email}`, uniqueId: "109876543210987654321" };
        },
        "gcp:sql/databaseInstance:DatabaseInstance": (name, inputs) => {
            const instance = inputs.name ?? `${name}-a1b2c3d`;
            return {
                name: instance,
                privateIpAddress: "10.100.0.3",
                connectionName: `${project(inputs)}:${inputs.region}:${instance}`,
                serverCaCerts: [{ cert: "-----BEGIN CERTIFICATE-----\nMOCKCLOUDSQLCA\n-----END CERTIFICATE-----", commonName: "C=US,O=Google\\, Inc,CN=Google Cloud SQL Server CA", sha1Fingerprint: "00" }],
            };
        },
        "gcp:redis/instance:Instance": (name, inputs) => ({
            name: inputs.name ?? name,
            host: "10.100.1.4",
            port: inputs.transitEncryptionMode === "SERVER_AUTHENTICATION" ? 6378 : 6379,
            authString: `mock-redis-auth-${name}-Kp4w9Z`,
            serverCaCerts: [{ cert: "-----BEGIN CERTIFICATE-----\nMOCKMEMORYSTORECA\n-----END CERTIFICATE-----", serialNumber: "1" }],
        }),
        "gcp:storage/bucket:Bucket": (name, inputs) => {
            const bucket = inputs.name ?? `${name}-a1b2c3d`;
            return { name: bucket, url: `gs://${bucket}` };
        },
    },
    calls: {
        "gcp:organizations/getProject:getProject": (inputs) => ({ projectId: inputs.projectId, number: PROJECT_NUMBER, name: inputs.projectId }),
        "gcp:compute/getZones:getZones": (inputs) => ({ names: ["c", "b", "a", "d"].map((z) => `${inputs.region}-${z}`) }),
        "gcp:storage/getProjectServiceAccount:getProjectServiceAccount": () => ({
            emailAddress: `service-${PROJECT_NUMBER}@gs-project-accounts.iam.gserviceaccount.com`,
            member: `serviceAccount:service-${PROJECT_NUMBER}@gs-project-accounts.iam.gserviceaccount.com`,
        }),
        "gcp:storage/getTransferProjectServiceAccount:getTransferProjectServiceAccount": () => ({
            email: `project-${PROJECT_NUMBER}@storage-transfer-service.iam.gserviceaccount.com`,
            member: `serviceAccount:project-${PROJECT_NUMBER}@storage-transfer-service.iam.gserviceaccount.com`,
        }),
    },
};
