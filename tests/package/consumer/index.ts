/**
 * A consumer program compiled against the installed package with plain tsc, run with plain node
 * under Pulumi's mocks by tests/package/pack.slow.ts. It uses both public entry points.
 */
import * as pulumi from "@pulumi/pulumi";
import { MlPlatform, type MlPlatformArgs } from "@acme/mlplatform";
import { PlatformReference, SECRET_OUTPUT_KEYS } from "@acme/mlplatform/client";

const registered: string[] = [];
pulumi.runtime.setMocks(
    {
        newResource: (args) => {
            registered.push(args.type);
            const state = args.type === "pulumi:pulumi:StackReference" ? { outputs: { cloud: "aws" } } : args.inputs;
            return { id: `${args.name}-id`, state: { ...state, name: args.inputs.name ?? args.name, arn: `arn:aws:iam::123456789012:role/${args.name}`, endpoint: "https://example.invalid", certificateAuthority: { data: "Y2E=" }, identities: [{ oidcs: [{ issuer: "https://oidc.example.invalid" }] }], vpcConfig: { clusterSecurityGroupId: "sg-1" }, address: "db.internal", port: 5432, primaryEndpointAddress: "cache.internal", bucket: args.name, id: `${args.name}-id` } };
        },
        call: (args) => (args.token === "aws:index/getAvailabilityZones:getAvailabilityZones" ? { names: ["us-east-1a", "us-east-1b", "us-east-1c"] } : { accountId: "123456789012", partition: "aws", ...args.inputs }),
    },
    "consumer",
    "dev",
    false,
);

const args: MlPlatformArgs = { cloud: "aws", environment: "staging", owner: "ml-team", costCenter: "cc-1", budget: { monthlyAmount: 500, contactEmails: ["ml-team@example.com"] }, cluster: { privateApiAllowedCidrs: ["10.60.0.0/24"] }, aws: { region: "us-east-1", clusterAdmins: ["arn:aws:iam::123456789012:role/platform-deployer"] } };
const platform = new MlPlatform("consumer-dev", args);
const reference = new PlatformReference("platform", "organization/ml-platform/staging");

pulumi.all([platform.urn, platform.cloud, reference.outputs.cloud, pulumi.isSecret(platform.kubeconfig)]).apply(async ([urn, cloud, referenced, secret]) => {
    await new Promise((r) => setTimeout(r, 500));
    console.log(JSON.stringify({ urn, cloud, referenced, kubeconfigSecret: secret, secretKeys: SECRET_OUTPUT_KEYS, registered: registered.length, types: [...new Set(registered)] }));
});
