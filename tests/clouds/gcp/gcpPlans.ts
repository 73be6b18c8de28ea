/** GCP plans of the two stacks, planned once per test run through the shared cache. */
import type { PlannedStack } from "../../../automation/planStack";
import { inputsOf, ofType, okPlan, one, STACKS } from "../../support/plans";

export { inputsOf, STACKS };

export function gcpPlan(stack: string, overrides?: Record<string, unknown>): Promise<PlannedStack> {
    return okPlan(stack, "gcp", overrides);
}


/** The resource of a type whose logical name ends with the suffix. */
export function named(p: PlannedStack, type: string, suffix: string) {
    const found = ofType(p, type).filter((r) => r.name.endsWith(suffix));
    if (found.length !== 1) throw new Error(`expected one ${type} named *${suffix}, found ${found.length}`);
    return found[0];
}

export const TYPES = {
    cluster: "gcp:container/cluster:Cluster",
    nodePool: "gcp:container/nodePool:NodePool",
    sql: "gcp:sql/databaseInstance:DatabaseInstance",
    sqlDatabase: "gcp:sql/database:Database",
    sqlUser: "gcp:sql/user:User",
    redis: "gcp:redis/instance:Instance",
    bucket: "gcp:storage/bucket:Bucket",
    bucketMember: "gcp:storage/bucketIAMMember:BucketIAMMember",
    keyRing: "gcp:kms/keyRing:KeyRing",
    cryptoKey: "gcp:kms/cryptoKey:CryptoKey",
    keyMember: "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember",
    network: "gcp:compute/network:Network",
    subnet: "gcp:compute/subnetwork:Subnetwork",
    router: "gcp:compute/router:Router",
    nat: "gcp:compute/routerNat:RouterNat",
    firewall: "gcp:compute/firewall:Firewall",
    globalAddress: "gcp:compute/globalAddress:GlobalAddress",
    connection: "gcp:servicenetworking/connection:Connection",
    service: "gcp:projects/service:Service",
    projectMember: "gcp:projects/iAMMember:IAMMember",
    account: "gcp:serviceaccount/account:Account",
    accountMember: "gcp:serviceaccount/iAMMember:IAMMember",
    serviceIdentity: "gcp:projects/serviceIdentity:ServiceIdentity",
} as const;

export { ofType, one };
