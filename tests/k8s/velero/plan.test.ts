/**
 * Velero in the captured plans: the chart with the cloud's plugin, the dedicated backup bucket and
 * the workload identity it reaches it through, the schedule and TTL from `platform.clusterBackups`,
 * and the backup-age alert under promtool for each environment's interval.
 */
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";
import { CLOUDS, ConfigError } from "../../../components/config";
import { CLUSTER_BACKUP_DEFAULTS } from "../../../components/config/clusterBackups";
import type { PlannedStack } from "../../../automation/planStack";
import { backupAgeLimitSeconds } from "../../../k8s/velero/alerts";
import { VELERO_PLUGINS } from "../../../k8s/velero/values";
import { okPlan, plan, STACKS } from "../../support/plans";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const RULE = "kubernetes:monitoring.coreos.com/v1:PrometheusRule";

function velero(p: PlannedStack) {
    const found = p.resources.filter((r) => r.type === RELEASE && (r.inputs as { name: string }).name === "velero");
    expect(found, "one velero release").to.have.length(1);
    return found[0];
}
const valuesOf = (p: PlannedStack) => (velero(p).inputs as { values: any }).values;
const byName = (p: PlannedStack, type: string, name: string) => p.resources.filter((r) => r.type === type && r.name === name);

describe("Velero (cluster-state backups)", () => {
    for (const stack of STACKS) {
        const defaults = CLUSTER_BACKUP_DEFAULTS[stack as keyof typeof CLUSTER_BACKUP_DEFAULTS];
        for (const cloud of CLOUDS) {
            it(`${stack} on ${cloud}: the pinned chart with the ${cloud} plugin, a schedule and TTL from config, no static keys`, async () => {
                const p = await okPlan(stack, cloud);
                const inputs = velero(p).inputs as { chart: string; version: string; values: any };
                expect([inputs.chart, inputs.version]).to.deep.equal(["velero", "12.1.0"]);
                const v = inputs.values;
                expect(v.initContainers.map((c: { image: string }) => c.image)).to.deep.equal([VELERO_PLUGINS[cloud]]);
                const schedule = v.schedules.platform;
                expect(schedule.schedule).to.equal(defaults.everyHours === 24 ? "0 3 * * *" : `0 */${defaults.everyHours} * * *`);
                expect(schedule.template.ttl).to.equal(`${defaults.retentionDays * 24}h0m0s`);
                expect(schedule.template.snapshotVolumes).to.equal(true);
                expect(v.configuration.backupStorageLocation[0].provider).to.equal(cloud);
                expect(v.configuration.volumeSnapshotLocation[0].provider).to.equal(cloud);
                // Workload identity: no key material anywhere in the values.
                expect(JSON.stringify(v)).to.not.match(/AZURE_CLIENT_SECRET|aws_access_key_id|aws_secret_access_key|private_key|ACCOUNT_ACCESS_KEY/i);
                if (cloud === "azure") {
                    expect(v.credentials.useSecret).to.equal(true);
                    expect(Object.keys(v.credentials.secretContents)).to.deep.equal(["cloud"]);
                    expect(v.podLabels).to.deep.equal({ "azure.workload.identity/use": "true" });
                    expect(v.configuration.backupStorageLocation[0].config).to.include({ useAAD: "true" });
                    expect(v.configuration.backupStorageLocation[0].config.storageAccountURI).to.match(/^https:\/\/.+\.blob\.core\.windows\.net$/);
                } else {
                    expect(v.credentials).to.deep.equal({ useSecret: false });
                }
                const annotations = v.serviceAccount.server.annotations;
                expect(Object.keys(annotations)).to.deep.equal([
                    { aws: "eks.amazonaws.com/role-arn", gcp: "iam.gke.io/gcp-service-account", azure: "azure.workload.identity/client-id" }[cloud],
                ]);
                if (cloud === "gcp") expect(v.configuration.backupStorageLocation[0].config.serviceAccount).to.equal(annotations["iam.gke.io/gcp-service-account"]);
            });

            it(`${stack} on ${cloud}: backups go to a bucket of their own, not the artifact store`, async () => {
                const p = await okPlan(stack, cloud);
                const v = valuesOf(p);
                const bucket = v.configuration.backupStorageLocation[0].bucket;
                if (cloud === "aws") {
                    const [b] = byName(p, "aws:s3/bucket:Bucket", `ml-platform-${stack}-velero`);
                    expect(b, "the velero bucket").to.not.equal(undefined);
                    for (const companion of [
                        "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
                        "aws:s3/bucketVersioning:BucketVersioning",
                        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
                        "aws:s3/bucketLogging:BucketLogging",
                    ]) {
                        expect(byName(p, companion, `ml-platform-${stack}-velero`), companion).to.have.length(1);
                    }
                    const sse = byName(p, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", `ml-platform-${stack}-velero`)[0].inputs as any;
                    expect(sse.rules[0].applyServerSideEncryptionByDefault.sseAlgorithm).to.equal("aws:kms");
                    const policy = JSON.parse((byName(p, "aws:iam/rolePolicy:RolePolicy", `ml-platform-${stack}-velero-velero`)[0].inputs as any).policy);
                    const actions = policy.Statement.flatMap((s: { Action: string[] }) => s.Action);
                    expect(actions).to.include.members(["ec2:CreateSnapshot", "ec2:CreateVolume", "s3:PutObject", "kms:GenerateDataKey"]);
                    expect(policy.Statement.filter((s: { Resource: unknown }) => s.Resource === "*").flatMap((s: { Action: string[] }) => s.Action).every((a: string) => a.startsWith("ec2:"))).to.equal(true);
                } else if (cloud === "gcp") {
                    const [b] = byName(p, "gcp:storage/bucket:Bucket", `ml-platform-${stack}-velero`);
                    expect((b.inputs as any).publicAccessPrevention).to.equal("enforced");
                    expect((b.inputs as any).versioning).to.deep.equal({ enabled: true });
                    expect((b.inputs as any).encryption.defaultKmsKeyName).to.be.a("string");
                    expect(byName(p, "gcp:projects/iAMCustomRole:IAMCustomRole", `ml-platform-${stack}-velero-snapshots`)).to.have.length(1);
                    // Signed URLs: signBlob and nothing else (no token minting), on Velero's own account only.
                    const [signRole] = byName(p, "gcp:projects/iAMCustomRole:IAMCustomRole", `ml-platform-${stack}-velero-sign-blob`);
                    expect((signRole.inputs as any).permissions).to.deep.equal(["iam.serviceAccounts.signBlob"]);
                    const [signer] = byName(p, "gcp:serviceaccount/iAMMember:IAMMember", `ml-platform-${stack}-velero-velero-sign-blob`);
                    const role = signRole.inputs as { project: string; roleId: string };
                    expect((signer.inputs as any).role).to.equal(`projects/${role.project}/roles/${role.roleId}`);
                    const email = v.serviceAccount.server.annotations["iam.gke.io/gcp-service-account"];
                    expect(signer.inputs as any).to.include({ serviceAccountId: `projects/${role.project}/serviceAccounts/${email}`, member: `serviceAccount:${email}` });
                } else {
                    expect(bucket).to.equal("velero");
                    const container = byName(p, "azure-native:storage:BlobContainer", `ml-platform-${stack}-velero`)[0].inputs as any;
                    expect(container).to.include({ containerName: "velero", publicAccess: "None" });
                    const role = byName(p, "azure-native:authorization:RoleDefinition", `ml-platform-${stack}-velero-velero-snapshots`)[0].inputs as any;
                    expect(role.permissions[0].actions).to.include("Microsoft.Compute/snapshots/write");
                    expect(role.assignableScopes).to.deep.equal([role.scope]);
                    // Signed download URLs (describe --details, logs) need a user-delegation key: Storage Blob Delegator on the account.
                    const delegation = byName(p, "azure-native:authorization:RoleAssignment", `ml-platform-${stack}-velero-velero-delegation`)[0];
                    expect((delegation.inputs as any).roleDefinitionId).to.match(/\/roleDefinitions\/db58b8e5-c6ad-4a2a-8342-4190687cbf4a$/);
                    const account = p.resources.find((r) => r.type === "azure-native:storage:StorageAccount" && (delegation.propertyDependencies.scope ?? []).includes(r.urn));
                    expect(account, "scoped to the stack's storage account").to.not.equal(undefined);
                }
                const artifacts = (p.outputs as Record<string, unknown>).artifactBucket ?? (p.outputs as Record<string, unknown>).objectStoreBucket;
                if (typeof artifacts === "string") expect(bucket).to.not.equal(artifacts);
            });

            it(`${stack} on ${cloud}: the release waits for the monitoring CRDs; the age alert follows the interval`, async () => {
                const p = await okPlan(stack, cloud);
                const crds = p.resources.find((r) => r.type === RELEASE && (r.inputs as { name: string }).name === "prometheus-operator-crds");
                expect(crds, "the CRD release").to.not.equal(undefined);
                expect(velero(p).dependencies).to.include(crds!.urn);
                const [rule] = byName(p, RULE, "velero-backups");
                const expr = (rule.inputs as any).spec.groups[0].rules.find((r: { alert: string }) => r.alert === "VeleroBackupTooOld").expr as string;
                expect(expr).to.contain(`> ${backupAgeLimitSeconds(defaults.everyHours)}`);
                expect(expr).to.contain('schedule="velero-platform"');
            });
        }
    }

    it("refuses an interval that does not divide a day, naming the key", async () => {
        const result = await plan("production", "aws", { platform: { clusterBackups: { everyHours: 5 } } });
        expect(result.error).to.be.instanceOf(ConfigError);
        const problems = (result.error as ConfigError).problems as string[];
        expect(problems.join("\n")).to.match(/platform\.clusterBackups\.everyHours.*one of 1, 2, 3, 4, 6, 8, 12, 24/);
    });
});

describe("Velero's alerts under promtool", function () {
    before(function () {
        if (spawnSync("promtool", ["--version"]).status !== 0) {
            if (process.env.CI) throw new Error("promtool is required in CI: apt-get install prometheus");
            this.skip();
        }
    });

    for (const stack of STACKS) {
        it(`${stack}: the shipped rules pass check and the ${stack} unit tests`, async () => {
            const p = await okPlan(stack, "aws");
            const groups = (byName(p, RULE, "velero-backups")[0].inputs as any).spec.groups;
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "promtool-velero-"));
            fs.writeFileSync(path.join(dir, "rules.yaml"), stringify({ groups }));
            const tests = `backups.${stack}.test.yaml`;
            fs.copyFileSync(path.join(__dirname, tests), path.join(dir, tests));
            const check = spawnSync("promtool", ["check", "rules", "rules.yaml"], { cwd: dir, encoding: "utf8" });
            expect(check.status, check.stdout + check.stderr).to.equal(0);
            const run = spawnSync("promtool", ["test", "rules", tests], { cwd: dir, encoding: "utf8" });
            expect(run.status, run.stdout + run.stderr).to.equal(0);
            // The unit tests can fail: the other environment's threshold does not pass them.
            const other = STACKS.find((s) => s !== stack)!;
            const otherGroups = (byName(await okPlan(other, "aws"), RULE, "velero-backups")[0].inputs as any).spec.groups;
            fs.writeFileSync(path.join(dir, "rules.yaml"), stringify({ groups: otherGroups }));
            const wrong = spawnSync("promtool", ["test", "rules", tests], { cwd: dir, encoding: "utf8" });
            expect(wrong.status, "the tests catch a different threshold").to.not.equal(0);
            expect(parse(fs.readFileSync(path.join(__dirname, tests), "utf8")).tests.length).to.be.greaterThan(0);
        });
    }
});
