import { expect } from "chai";
import { ofType, okPlan, one, STACKS } from "../../support/plans";

describe("AWS RDS PostgreSQL", () => {
    for (const stack of STACKS) {
        it(`(${stack}) is private, KMS-encrypted, IAM-auth, backed up and holds its password as a secret`, async () => {
            const p = await okPlan(stack);
            const db = one(p, "aws:rds/instance:Instance").inputs;
            expect(db.publiclyAccessible).to.equal(false);
            expect(db.storageEncrypted).to.equal(true);
            expect(db.kmsKeyId).to.match(/^arn:aws:kms:/);
            expect(db.iamDatabaseAuthenticationEnabled).to.equal(true);
            expect(db.backupRetentionPeriod).to.be.at.least(7);
            expect(db.password).to.equal("[secret]");
            expect(db.username).to.equal("[secret]");
            expect(db.dbSubnetGroupName).to.equal(one(p, "aws:rds/subnetGroup:SubnetGroup").name);
        });

        it(`(${stack}) forces TLS through the parameter group of its engine family`, async () => {
            const p = await okPlan(stack);
            const db = one(p, "aws:rds/instance:Instance").inputs;
            const group = ofType(p, "aws:rds/parameterGroup:ParameterGroup").find((g) => g.name === db.parameterGroupName)!;
            expect(group.inputs.family).to.equal(`postgres${db.engineVersion}`);
            for (const g of ofType(p, "aws:rds/parameterGroup:ParameterGroup")) expect(g.inputs.parameters).to.deep.include({ name: "rds.force_ssl", value: "1" });
        });

        it(`(${stack}) admits PostgreSQL only from the cluster's security group`, async () => {
            const p = await okPlan(stack);
            const rule = ofType(p, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").find((r) => r.inputs.fromPort === 5432)!;
            expect(rule.inputs.referencedSecurityGroupId).to.match(/^sg-cluster-/);
            expect(rule.inputs.cidrIpv4).to.equal(undefined);
            expect(rule.inputs.toPort).to.equal(5432);
        });
    }

    it("is Multi-AZ with deletion protection, longer backups and a final snapshot only in production", async () => {
        const prod = one(await okPlan("production"), "aws:rds/instance:Instance").inputs;
        const staging = one(await okPlan("staging"), "aws:rds/instance:Instance").inputs;
        expect(prod).to.include({ multiAz: true, deletionProtection: true, skipFinalSnapshot: false });
        expect(prod.finalSnapshotIdentifier).to.be.a("string");
        expect(prod.backupRetentionPeriod).to.be.greaterThan(staging.backupRetentionPeriod as number);
        expect(staging).to.include({ multiAz: false, deletionProtection: false, skipFinalSnapshot: true });
    });
});

describe("AWS ElastiCache Redis", () => {
    for (const stack of STACKS) {
        it(`(${stack}) encrypts in transit and at rest with KMS, requires AUTH, keeps snapshots`, async () => {
            const rg = one(await okPlan(stack), "aws:elasticache/replicationGroup:ReplicationGroup").inputs;
            expect(rg).to.include({ transitEncryptionEnabled: true, transitEncryptionMode: "required", atRestEncryptionEnabled: true });
            expect(rg.kmsKeyId).to.match(/^arn:aws:kms:/);
            expect(rg.authToken).to.equal("[secret]");
            expect(rg.snapshotRetentionLimit).to.be.greaterThan(0);
        });
    }

    it("fails over across zones only in production", async () => {
        const prod = one(await okPlan("production"), "aws:elasticache/replicationGroup:ReplicationGroup").inputs;
        const staging = one(await okPlan("staging"), "aws:elasticache/replicationGroup:ReplicationGroup").inputs;
        expect(prod).to.include({ automaticFailoverEnabled: true, multiAzEnabled: true });
        expect(prod.numCacheClusters).to.be.at.least(2);
        expect(staging).to.include({ automaticFailoverEnabled: false, multiAzEnabled: false, numCacheClusters: 1 });
    });

    it("admits Redis only from the cluster's security group", async () => {
        const rule = ofType(await okPlan("production"), "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").find((r) => r.inputs.fromPort === 6379)!;
        expect(rule.inputs.referencedSecurityGroupId).to.match(/^sg-cluster-/);
    });
});
