import { expect } from "chai";
import { isTooBroad } from "../../../components/config/cidr";
import { ofType, okPlan, one, stackSection, STACKS } from "../../support/plans";


for (const stack of STACKS) {
    describe(`AWS EKS (${stack})`, () => {
        it("keeps the API endpoint private, public only from an allow-list without 0.0.0.0/0", async () => {
            const vpc = one(await okPlan(stack), "aws:eks/cluster:Cluster").inputs.vpcConfig as Record<string, unknown>;
            expect(vpc.endpointPrivateAccess).to.equal(true);
            if (vpc.endpointPublicAccess === true) {
                const cidrs = vpc.publicAccessCidrs as string[];
                expect(cidrs).to.be.an("array").that.is.not.empty;
                expect(cidrs.filter(isTooBroad)).to.deep.equal([]);
            }
        });

        it("goes fully private when no CIDR is allowed", async () => {
            // The stack files allow none (a plan of their own config is shared with every other test).
            expect(stackSection(stack, "cluster").apiAllowedCidrs ?? []).to.deep.equal([]);
            const p = await okPlan(stack);
            const vpc = one(p, "aws:eks/cluster:Cluster").inputs.vpcConfig as Record<string, unknown>;
            expect(vpc.endpointPublicAccess).to.equal(false);
            expect(vpc.publicAccessCidrs).to.equal(undefined);
        });

        it("encrypts Kubernetes secrets with a rotating KMS key", async () => {
            const p = await okPlan(stack);
            const enc = one(p, "aws:eks/cluster:Cluster").inputs.encryptionConfig as { resources: string[]; provider: { keyArn: string } };
            expect(enc.resources).to.deep.equal(["secrets"]);
            const key = ofType(p, "aws:kms/key:Key").find((k) => enc.provider.keyArn.endsWith(`key/${k.name}`));
            expect(key, "the encryption key is one of ours").to.not.equal(undefined);
            expect(key!.inputs.enableKeyRotation).to.equal(true);
        });

        it("ships api, audit and authenticator logs to a retained, encrypted log group", async () => {
            const p = await okPlan(stack);
            const cluster = one(p, "aws:eks/cluster:Cluster");
            expect(cluster.inputs.enabledClusterLogTypes).to.include.members(["api", "audit", "authenticator"]);
            const group = ofType(p, "aws:cloudwatch/logGroup:LogGroup").find((g) => g.inputs.name === `/aws/eks/${cluster.inputs.name}/cluster`);
            expect(group!.inputs.kmsKeyId).to.be.a("string");
            expect(group!.inputs.retentionInDays).to.be.greaterThan(0);
            expect(cluster.dependencies, "the log group exists before the cluster").to.include(group!.urn);
        });

        it("authenticates through access entries with no implicit creator admin", async () => {
            const p = await okPlan(stack);
            expect(one(p, "aws:eks/cluster:Cluster").inputs.accessConfig).to.deep.equal({
                authenticationMode: "API",
                bootstrapClusterCreatorAdminPermissions: false,
            });
            const admins = ofType(p, "aws:eks/accessPolicyAssociation:AccessPolicyAssociation");
            expect(admins).to.have.length.greaterThan(0);
            for (const a of admins) {
                expect(a.inputs.policyArn).to.match(/cluster-access-policy\/AmazonEKSClusterAdminPolicy$/);
                expect(a.inputs.accessScope).to.deep.equal({ type: "cluster" });
            }
        });

        it("runs every node group in private subnets with IMDSv2 and encrypted disks", async () => {
            const p = await okPlan(stack);
            const templates = ofType(p, "aws:ec2/launchTemplate:LaunchTemplate");
            for (const group of ofType(p, "aws:eks/nodeGroup:NodeGroup")) {
                for (const id of group.inputs.subnetIds as string[]) expect(id).to.match(/-private-\d+-id$/);
                expect(group.inputs.remoteAccess, "no SSH").to.equal(undefined);
                const template = templates.find((t) => `${t.name}-id` === (group.inputs.launchTemplate as { id: string }).id)!;
                expect(template.inputs.metadataOptions).to.include({ httpTokens: "required", httpPutResponseHopLimit: 1 });
                const ebs = (template.inputs.blockDeviceMappings as { ebs: Record<string, unknown> }[])[0].ebs;
                expect(ebs.encrypted).to.equal("true");
            }
        });

        it("pins the core add-ons, with the CNI enforcing NetworkPolicies", async () => {
            const p = await okPlan(stack);
            const addons = ofType(p, "aws:eks/addon:Addon");
            expect(addons.map((a) => a.inputs.addonName)).to.have.members(["vpc-cni", "kube-proxy", "coredns", "aws-ebs-csi-driver"]);
            for (const a of addons) expect(a.inputs.addonVersion).to.match(/^v\d+\.\d+\.\d+-eksbuild\.\d+$/);
            const cni = addons.find((a) => a.inputs.addonName === "vpc-cni")!;
            expect(JSON.parse(cni.inputs.configurationValues as string).enableNetworkPolicy).to.equal("true");
            expect(cni.inputs.serviceAccountRoleArn, "the CNI uses IRSA, not the node role").to.be.a("string");
        });

        it("creates nodes only after the CNI add-on", async () => {
            const p = await okPlan(stack);
            const cni = ofType(p, "aws:eks/addon:Addon").find((a) => a.inputs.addonName === "vpc-cni")!;
            for (const group of ofType(p, "aws:eks/nodeGroup:NodeGroup")) expect(group.dependencies).to.include(cni.urn);
        });

        it("has an OIDC provider for IRSA", async () => {
            const oidc = one(await okPlan(stack), "aws:iam/openIdConnectProvider:OpenIdConnectProvider");
            expect(oidc.inputs.clientIdLists).to.deep.equal(["sts.amazonaws.com"]);
        });

        it("builds the kubeconfig with an aws eks get-token exec entry, as a secret", async () => {
            const p = await okPlan(stack);
            expect(p.outputs.kubeconfig).to.equal("[secret]");
            const provider = one(p, "pulumi:providers:kubernetes");
            expect(provider.inputs.kubeconfig).to.equal("[secret]");
            const kubeconfig = p.secretValues.find((s) => s.includes('"kind":"Config"'))!;
            const user = JSON.parse(kubeconfig).users[0].user;
            expect(user.exec.command).to.equal("aws");
            expect(user.exec.args.slice(0, 2)).to.deep.equal(["eks", "get-token"]);
            expect(user.token, "no static token").to.equal(undefined);
        });
    });
}

describe("AWS EKS per environment", () => {
    it("turns on deletion protection only in production", async () => {
        expect(one(await okPlan("production"), "aws:eks/cluster:Cluster").inputs.deletionProtection).to.equal(true);
        expect(one(await okPlan("staging"), "aws:eks/cluster:Cluster").inputs.deletionProtection).to.equal(false);
    });

    it("gives staging smaller node pools than production", async () => {
        const maxNodes = async (stack: string) =>
            ofType(await okPlan(stack), "aws:eks/nodeGroup:NodeGroup").reduce((n, g) => n + (g.inputs.scalingConfig as { maxSize: number }).maxSize, 0);
        expect(await maxNodes("staging")).to.be.lessThan(await maxNodes("production"));
    });

    it("taints the GPU pool and uses the NVIDIA AMI", async () => {
        const gpu = ofType(await okPlan("production"), "aws:eks/nodeGroup:NodeGroup").find((g) => g.name.endsWith("-gpu"))!;
        expect(gpu.inputs.amiType).to.equal("AL2023_x86_64_NVIDIA");
        expect(gpu.inputs.taints).to.deep.equal([{ key: "nvidia.com/gpu", value: "true", effect: "NO_SCHEDULE" }]);
        expect(gpu.inputs.instanceTypes).to.deep.equal(["g4dn.xlarge"]);
    });

    it("runs the spot pool on spot capacity across several instance types", async () => {
        const spot = ofType(await okPlan("production"), "aws:eks/nodeGroup:NodeGroup").find((g) => g.name.endsWith("-spot"))!;
        expect(spot.inputs.capacityType).to.equal("SPOT");
        expect((spot.inputs.instanceTypes as string[]).length).to.be.greaterThan(1);
    });
});

describe("AWS EKS control plane role", () => {
    it("may use the secrets key, and only that key", async () => {
        const p = await okPlan("production");
        const grant = ofType(p, "aws:iam/rolePolicy:RolePolicy").find((r) => r.name.endsWith("-control-plane-secrets-key"))!;
        const statement = JSON.parse(grant.inputs.policy as string).Statement[0];
        const key = ofType(p, "aws:kms/key:Key").find((k) => k.name.endsWith("-eks-secrets"))!;
        expect(statement.Resource).to.equal(`arn:aws:kms:us-east-1:123456789012:key/${key.name}`);
        expect(statement.Action).to.include.members(["kms:Encrypt", "kms:Decrypt"]);
        expect(one(p, "aws:eks/cluster:Cluster").dependencies).to.include(grant.urn);
    });
});

describe("AWS private API access for in-network runners", () => {
    it("lets configured internal ranges reach the private endpoint on 443 only", async () => {
        const cluster = stackSection("production", "cluster");
        expect([cluster.apiAllowedCidrs ?? [], cluster.privateApiAllowedCidrs], "the stack file: no public range, one internal").to.deep.equal([[], ["10.60.0.0/24"]]);
        const p = await okPlan("production");
        const rules = ofType(p, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) => r.name.includes("-private-api-"));
        expect(rules.map((r) => r.inputs)).to.deep.equal([
            {
                securityGroupId: `sg-cluster-${one(p, "aws:eks/cluster:Cluster").name}`,
                cidrIpv4: "10.60.0.0/24",
                ipProtocol: "tcp",
                fromPort: 443,
                toPort: 443,
                description: "Kubernetes API from 10.60.0.0/24",
                tags: rules[0].inputs.tags,
            },
        ]);
        expect((one(p, "aws:eks/cluster:Cluster").inputs.vpcConfig as { endpointPublicAccess: boolean }).endpointPublicAccess).to.equal(false);
    });

    it("opens nothing extra when no in-network range is configured", async () => {
        const p = await okPlan("production", undefined, {
            cluster: { apiAllowedCidrs: ["203.0.113.0/28"], privateApiAllowedCidrs: [] },
            aws: { region: "us-east-1", clusterAdmins: ["arn:aws:iam::123456789012:role/ml-platform-deployer"], apiAccess: "allowList" },
        });
        const rules = ofType(p, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
        expect(rules.filter((r) => r.name.includes("-private-api-"))).to.deep.equal([]);
    });
});
