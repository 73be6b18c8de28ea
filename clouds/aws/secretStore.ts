/**
 * The platform's credentials in AWS Secrets Manager, encrypted with the platform's data key, one
 * JSON secret per entry; and the IRSA roles External Secrets Operator reads them with, each allowed
 * exactly the entries its namespace syncs.
 *
 * The value is written once: an operator rotates it in Secrets Manager (docs/runbooks/
 * rotate-database-password.md), and `ignoreChanges` keeps a later `pulumi up --refresh` from
 * writing the stack's original password back over the rotated one.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Key } from "@pulumi/aws/kms";
import { Secret, SecretVersion } from "@pulumi/aws/secretsmanager";
import { secretStoreFacts, type IdentityBinding, type SecretStoreEntry, type SecretStoreFacts, type SecretStoreIdentityRequest, type PlatformCredentials } from "../../components/foundation";
import { AwsComponent, tags, type AwsContext } from "./context";
import type { WorkloadIdentity } from "./identity";

export interface SecretStoreArgs extends PlatformCredentials {
    key: Key;
    identity: WorkloadIdentity;
}

/** What a reader needs on Secrets Manager (ESO's GetSecretValue, and DescribeSecret for its version checks). */
export const READ_ACTIONS = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"];

export class SecretStore extends AwsComponent {
    readonly facts: SecretStoreFacts;

    constructor(name: string, ctx: AwsContext, private readonly args: SecretStoreArgs, opts: pulumi.ComponentResourceOptions) {
        super("SecretStore", name, ctx, opts);
        this.facts = secretStoreFacts({ kind: "awsSecretsManager", region: ctx.region }, args, (entry, values) => this.put(entry, values));
        this.registerOutputs({ database: this.facts.database.id, cache: this.facts.cache.id });
    }

    put(entry: string, values: Record<string, pulumi.Input<string>>): SecretStoreEntry {
        const resourceName = `${this.ctx.name}-${entry}`;
        const secret = new Secret(
            resourceName,
            {
                name: `${this.ctx.name}/${entry}`,
                description: `${this.ctx.name}: ${entry} credentials, synced into the cluster by External Secrets Operator`,
                kmsKeyId: this.args.key.arn,
                // Production keeps a deleted secret recoverable for 30 days; staging deletes at once, so a rebuilt stack can reuse the name.
                recoveryWindowInDays: this.ctx.spec.protect ? 30 : 0,
                tags: tags(this.ctx),
            },
            this.stateful(),
        );
        const version = new SecretVersion(
            resourceName,
            { secretId: secret.id, secretString: pulumi.secret(pulumi.jsonStringify(values)) },
            this.child({ ignoreChanges: ["secretString"] }),
        );
        return { name: entry, key: secret.name, id: secret.arn, properties: Object.keys(values), ready: version };
    }

    /** An IRSA role that may read and decrypt exactly the requested entries. */
    bindReader(request: SecretStoreIdentityRequest): IdentityBinding {
        const policy = pulumi.jsonStringify({
            Version: "2012-10-17",
            Statement: [
                { Effect: "Allow", Action: READ_ACTIONS, Resource: request.entries.map((e) => e.id) },
                {
                    Effect: "Allow",
                    Action: ["kms:Decrypt"],
                    Resource: this.args.key.arn,
                    Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${this.ctx.region}.amazonaws.com` } },
                },
            ],
        });
        return this.args.identity.bindPolicy(request.namespace, request.serviceAccount, policy);
    }
}
