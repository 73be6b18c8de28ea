import { expect } from "chai";
import { ENVIRONMENT_DEFAULTS } from "../../components/config";
import { distributedComputeSchema, pipelinesSchema } from "../../components/config/pipelines";
import { platformLayerSchema } from "../../components/config/platform";

/** The issue paths and messages of a failed parse, as "a.b: message". */
function problems(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }): string[] {
    return result.success ? [] : result.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

describe("config: platform.pipelines and platform.distributedCompute", () => {
    it("are off by default and sized from the environment's row of the defaults table", () => {
        for (const env of ["staging", "production"] as const) {
            const p = platformLayerSchema(env).parse({ publicDns: false });
            const d = ENVIRONMENT_DEFAULTS[env].platform;
            expect(p.pipelines).to.deep.equal({ enabled: false, schedulerReplicas: d.pipelines.schedulerReplicas, apiServerReplicas: d.pipelines.apiServerReplicas });
            expect(p.distributedCompute).to.deep.equal({ enabled: false, operatorReplicas: d.distributedCompute.operatorReplicas, quota: d.distributedCompute.quota });
        }
        // Production is HA: two schedulers, two API servers, a standby operator.
        expect(ENVIRONMENT_DEFAULTS.production.platform.pipelines.schedulerReplicas).to.be.at.least(2);
        expect(ENVIRONMENT_DEFAULTS.production.platform.pipelines.apiServerReplicas).to.be.at.least(2);
        expect(ENVIRONMENT_DEFAULTS.production.platform.distributedCompute.operatorReplicas).to.be.at.least(2);
    });

    it("requires a DAG repository when pipelines are on", () => {
        expect(problems(pipelinesSchema("staging").safeParse({ enabled: true }))).to.deep.equal([
            "dags: required when pipelines are enabled: the git repository git-sync delivers DAGs from ({repository, branch?, subPath?})",
        ]);
    });

    it("fills branch and subPath for an https repository", () => {
        const p = pipelinesSchema("production").parse({ enabled: true, dags: { repository: "https://github.com/acme/dags.git" } });
        expect(p.dags).to.deep.equal({ repository: "https://github.com/acme/dags.git", branch: "main", subPath: "" });
    });

    const bad: { title: string; dags: Record<string, unknown>; says: string }[] = [
        { title: "a plain http URL", dags: { repository: "http://github.com/acme/dags.git" }, says: "dags.repository: expected an https:// or SSH git URL" },
        { title: "an SSH repository without its key", dags: { repository: "git@github.com:acme/dags.git" }, says: "dags.sshKeySecret: required for an SSH repository" },
        {
            title: "an SSH key for an https repository",
            dags: { repository: "https://github.com/acme/dags.git", sshKeySecret: "key" },
            says: "dags.sshKeySecret: only for SSH repositories",
        },
        { title: "a Secret name that is not a DNS label", dags: { repository: "git@github.com:acme/dags.git", sshKeySecret: "Deploy_Key" }, says: "dags.sshKeySecret: expected the name of a Kubernetes Secret" },
        { title: "an absolute subPath", dags: { repository: "https://github.com/acme/dags.git", subPath: "/dags" }, says: "dags.subPath: expected a relative folder" },
        { title: "an unknown key", dags: { repository: "https://github.com/acme/dags.git", branc: "main" }, says: "dags: Unrecognized key" },
    ];
    for (const c of bad) {
        it(`refuses ${c.title}, naming the key`, () => {
            const found = problems(pipelinesSchema("production").safeParse({ enabled: true, dags: c.dags }));
            expect(found.some((p) => p.startsWith(c.says)), found.join("\n")).to.equal(true);
        });
    }

    it("refuses a quota outside its range and unknown keys, naming them", () => {
        const found = problems(distributedComputeSchema("production").safeParse({ enabled: true, quota: { cpu: 0 }, workers: 3 }));
        expect(found.some((p) => p.startsWith("quota.cpu:")), found.join("\n")).to.equal(true);
        expect(found.some((p) => p.startsWith(": Unrecognized key") && p.includes("workers")), found.join("\n")).to.equal(true);
    });
});
