/** AWS: the cross-region copies of production (DR rows of docs/cloud-constraints.md) and the stack budget. */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import type { PlannedStack } from "../../../automation/planStack";
import { named, ofType, okPlan, one, planAs, STACKS, type PlanResource } from "../../support/plans";

const DR = "us-west-2";
const T = {
    backups: "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication",
    bucket: "aws:s3/bucket:Bucket",
    budget: "aws:budgets/budget:Budget",
    instance: "aws:rds/instance:Instance",
    key: "aws:kms/key:Key",
    logging: "aws:s3/bucketLogging:BucketLogging",
    replication: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    sse: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    tag: "aws:costexplorer/costAllocationTag:CostAllocationTag",
    versioning: "aws:s3/bucketVersioning:BucketVersioning",
} as const;

const oneOf = (p: PlannedStack, type: string): PlanResource => one(p, type) as PlanResource;

describe("AWS disaster recovery and budget", () => {
    let production: PlannedStack;
    before(async () => {
        production = await okPlan("production", "aws");
    });

    it("DR-1 replicates RDS automated backups to the second region under a KMS key of that region, with the database's retention", () => {
        const backups = oneOf(production, T.backups);
        const key = named(production, T.key, "ml-platform-production-dr-data");
        expect(backups.inputs.region).to.equal(DR);
        expect(key.inputs.region).to.equal(DR);
        expect(backups.dependencies).to.include(key.urn);
        expect(backups.dependencies).to.include(oneOf(production, T.instance).urn);
        expect(backups.inputs.retentionPeriod).to.equal(30);
        expect(backups.protect).to.equal(true);
    });

    it("DR-2 replicates the artifact bucket to a versioned bucket in the second region, SSE-KMS objects included, after versioning on both", () => {
        const replication = oneOf(production, T.replication);
        const source = named(production, T.bucket, "ml-platform-production-artifacts");
        const replica = named(production, T.bucket, "ml-platform-production-dr-replica");
        const key = named(production, T.key, "ml-platform-production-dr-data");
        expect(replica.inputs.region).to.equal(DR);
        expect(replica.protect).to.equal(true);
        expect(replication.dependencies).to.include(source.urn);
        const rule = replication.inputs.rules[0];
        expect(rule.filter).to.deep.equal({ prefix: "" });
        expect(rule.deleteMarkerReplication).to.deep.equal({ status: "Enabled" });
        expect(rule.sourceSelectionCriteria.sseKmsEncryptedObjects.status).to.equal("Enabled");
        expect(replication.dependencies).to.include(key.urn);
        const sourceVersioning = named(production, T.versioning, "ml-platform-production-artifacts");
        const replicaVersioning = named(production, T.versioning, "ml-platform-production-dr-replica");
        expect(sourceVersioning.inputs.versioningConfiguration.status).to.equal("Enabled");
        expect(replicaVersioning.inputs.versioningConfiguration.status).to.equal("Enabled");
        expect(replicaVersioning.inputs.region).to.equal(DR);
        expect(replication.dependencies).to.include.members([sourceVersioning.urn, replicaVersioning.urn]);
        const sse = named(production, T.sse, "ml-platform-production-dr-replica");
        expect(sse.inputs.region).to.equal(DR);
        expect(sse.inputs.rules[0].applyServerSideEncryptionByDefault.sseAlgorithm).to.equal("aws:kms");
        expect(sse.dependencies).to.include(key.urn);
    });

    it("DR-3 lets the replication role decrypt at the source and encrypt with the second region's key, and configures replication only after the role's policy", () => {
        const replication = oneOf(production, T.replication);
        const policy = named(production, T.rolePolicy, "ml-platform-production-dr-replication");
        expect(replication.dependencies).to.include(policy.urn);
        const statements = JSON.parse(policy.inputs.policy as string).Statement as { Sid: string; Action: string | string[]; Condition?: any }[];
        const sid = (s: string) => statements.find((x) => x.Sid === s)!;
        expect(sid("DecryptSource").Action).to.equal("kms:Decrypt");
        expect(sid("DecryptSource").Condition.StringEquals["kms:ViaService"]).to.equal("s3.us-east-1.amazonaws.com");
        expect(sid("EncryptReplica").Action).to.include("kms:Encrypt");
        expect(sid("EncryptReplica").Condition.StringEquals["kms:ViaService"]).to.equal(`s3.${DR}.amazonaws.com`);
        expect(sid("Replicas").Action).to.include.members(["s3:ReplicateObject", "s3:ReplicateDelete"]);
    });

    it("DR-4 logs the replica's access to a log bucket in its own region (S3 logs only within a region)", () => {
        const logging = named(production, T.logging, "ml-platform-production-dr-replica");
        const target = named(production, T.bucket, "ml-platform-production-dr-replica-logs");
        expect(logging.inputs.region).to.equal(DR);
        expect(target.inputs.region).to.equal(DR);
        expect(logging.dependencies).to.include(target.urn);
        const statement = JSON.parse(named(production, "aws:s3/bucketPolicy:BucketPolicy", "ml-platform-production-dr-replica-logs").inputs.policy).Statement.find((x: any) => x.Sid === "S3ServerAccessLogs");
        expect(statement.Condition.ArnLike["aws:SourceArn"], "only the replica's logs").to.be.a("string").and.match(/^arn:aws:s3:::/);
    });

    it("makes no cross-region copies in staging", async () => {
        const staging = await okPlan("staging", "aws");
        expect(ofType(staging, T.backups)).to.have.length(0);
        expect(ofType(staging, T.replication)).to.have.length(0);
    });

    for (const stack of STACKS) {
        it(`DR-5 (${stack}) has a monthly USD cost budget e-mailing the contacts at each threshold`, async () => {
            const p = await okPlan(stack, "aws");
            const budget = oneOf(p, T.budget).inputs;
            expect(budget.budgetType).to.equal("COST");
            expect(budget.limitUnit).to.equal("USD");
            expect(budget.timeUnit).to.equal("MONTHLY");
            expect(budget.limitAmount).to.equal(stack === "production" ? "25000.00" : "2000.00");
            const notes = budget.notifications.map((n: any) => `${n.notificationType}:${n.threshold}`);
            expect(notes).to.deep.equal(["ACTUAL:50", "ACTUAL:80", "ACTUAL:100", "FORECASTED:100"]);
            for (const n of budget.notifications) expect(n.subscriberEmailAddresses).to.deep.equal(["ml-platform-team@acme.example"]);
            expect(ofType(p, T.tag), "tag activation is opt-in").to.have.length(0);
        });
    }

    it("DR-6 activates the cost allocation tags only when asked (payer account, after billing has seen them)", async () => {
        const p = await okPlan("staging", "aws", { budget: { monthlyAmount: 2000, contactEmails: ["ml-platform-team@acme.example"], activateCostAllocationTags: true } });
        expect((ofType(p, T.tag) as PlanResource[]).map((t) => t.inputs.tagKey)).to.have.members(["project", "stack", "environment", "cost-center"]);
        for (const t of ofType(p, T.tag) as PlanResource[]) expect(t.inputs.status).to.equal("Active");
    });
});

/** The stack name the rebuild runbook deploys (`npm run deploy -- up --stack <name>`). */
function runbookStack(): string {
    const runbook = fs.readFileSync(path.join(__dirname, "../../../docs/runbooks/rebuild-in-second-region.md"), "utf8");
    const names = new Set([...runbook.matchAll(/npm run deploy -- up --stack ([\w.-]+)/g)].map((m) => m[1]));
    if (names.size !== 1) throw new Error(`the runbook should deploy one stack, found: ${[...names].join(", ") || "none"}`);
    return [...names][0];
}

/**
 * Names AWS keeps unique, per region (aliases, buckets: global, but a clash shows as well here; RDS
 * identifiers) or per account (IAM roles): the explicit name, else the autoname's prefix (the
 * logical name). `region` is where the resource lives: its own `region` argument or the stack's.
 */
function awsNames(p: PlannedStack, stackRegion: string): { where: string; name: string }[] {
    const nameOf: Record<string, (r: PlanResource) => string> = {
        "aws:kms/alias:Alias": (r) => r.inputs.name,
        [T.bucket]: (r) => r.inputs.bucket ?? r.name,
        [T.instance]: (r) => r.inputs.identifier ?? r.name,
        "aws:iam/role:Role": (r) => r.inputs.name ?? r.name,
    };
    return (p.resources as PlanResource[])
        .filter((r) => nameOf[r.type])
        .map((r) => ({ where: r.type === "aws:iam/role:Role" ? "account" : (r.inputs.region ?? stackRegion), name: `${r.type.split(":")[1]} ${nameOf[r.type](r)}` }));
}

describe("AWS: the recovery stack of the rebuild runbook beside the primary's copies", () => {
    const productionAws = (parse(fs.readFileSync(path.join(__dirname, "../../../Pulumi.production.yaml"), "utf8")).config["ml-platform:aws"] ?? {}) as Record<string, unknown>;
    /** As the runbook's step 1 says: production's file with the regions swapped. */
    const recoveryOverrides = { aws: { ...productionAws, region: DR, drRegion: "us-east-1" } };
    let production: PlannedStack;
    before(async () => {
        production = await okPlan("production", "aws");
    });

    it("DR-F1 sets a replication event threshold only with Replication Time Control (S3 refuses it otherwise)", () => {
        const rules = oneOf(production, T.replication).inputs.rules as any[];
        expect(rules).to.have.length.greaterThan(0);
        for (const rule of rules) {
            const metrics = rule.destination.metrics;
            expect(metrics?.status).to.equal("Enabled");
            if (metrics.eventThreshold !== undefined) expect(rule.destination.replicationTime?.status, `rule ${rule.id}`).to.equal("Enabled");
        }
    });

    it("DR-F2 the runbook's recovery stack names nothing in the second region (or account) that the primary's copies there already use", async () => {
        const stack = runbookStack();
        const recovery = await planAs("production", stack, recoveryOverrides);
        if (recovery.error) throw recovery.error;
        const primary = new Set(awsNames(production, "us-east-1").filter((n) => n.where === DR || n.where === "account").map((n) => `${n.where} ${n.name}`));
        const recoveryNames = awsNames(recovery, DR).filter((n) => n.where === DR || n.where === "account").map((n) => `${n.where} ${n.name}`);
        expect(recoveryNames.filter((n) => n.includes("alias/")), "the recovery stack's own key aliases").to.not.be.empty;
        expect([...primary].filter((n) => n.startsWith(`${DR} kms/alias`)), "the primary's alias in the second region").to.have.length(1);
        expect(recoveryNames.filter((n) => primary.has(n))).to.deep.equal([]);
    });

    it("DR-F2 the primary's second-region key alias is not the data-key alias of a stack named like its component (<stack>-dr)", async () => {
        const recovery = await planAs("production", "production-dr", recoveryOverrides);
        if (recovery.error) throw recovery.error;
        const aliases = (p: PlannedStack, region: string) => new Set((ofType(p, "aws:kms/alias:Alias") as PlanResource[]).filter((a) => (a.inputs.region ?? region) === DR).map((a) => a.inputs.name as string));
        const primary = aliases(production, "us-east-1");
        expect([...aliases(recovery, DR)].filter((a) => primary.has(a))).to.deep.equal([]);
    });
});
