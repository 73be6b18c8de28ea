import { expect } from "chai";
import { ConfigError, ENVIRONMENT_DEFAULTS } from "../../components/config";
import { pipelinesSchema } from "../../components/config/pipelines";
import { platformLayerSchema } from "../../components/config/platform";
import { plan } from "../support/plans";

/** The issue paths and messages of a failed parse, as "a.b: message". */
function problems(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }): string[] {
    return result.success ? [] : result.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

describe("config: platform.pipelines", () => {
    it("is off by default and sized from the environment's row of the defaults table", () => {
        for (const env of ["staging", "production"] as const) {
            const p = platformLayerSchema(env).parse({ publicDns: false });
            const d = ENVIRONMENT_DEFAULTS[env].platform.pipelines;
            expect(p.pipelines).to.deep.equal({ enabled: false, schedulerReplicas: d.schedulerReplicas, apiServerReplicas: d.apiServerReplicas });
        }
        // Production is HA: two schedulers and two API servers.
        expect(ENVIRONMENT_DEFAULTS.production.platform.pipelines.schedulerReplicas).to.be.at.least(2);
        expect(ENVIRONMENT_DEFAULTS.production.platform.pipelines.apiServerReplicas).to.be.at.least(2);
        expect(ENVIRONMENT_DEFAULTS.staging.platform.pipelines.schedulerReplicas).to.equal(1);
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
        { title: "an SSH key for an https repository", dags: { repository: "https://github.com/acme/dags.git", sshKeySecret: "key" }, says: "dags.sshKeySecret: only for SSH repositories" },
        { title: "a Secret name that is not a DNS label", dags: { repository: "git@github.com:acme/dags.git", sshKeySecret: "Deploy_Key" }, says: "dags.sshKeySecret: expected the name of a Kubernetes Secret" },
        { title: "an absolute subPath", dags: { repository: "https://github.com/acme/dags.git", subPath: "/dags" }, says: "dags.subPath: expected a relative folder" },
        { title: "an unknown key", dags: { repository: "https://github.com/acme/dags.git", branc: "main" }, says: "dags: Unrecognized key" },
    ];
    for (const b of bad) {
        it(`refuses ${b.title}, naming the key`, () => {
            const found = problems(pipelinesSchema("production").safeParse({ enabled: true, dags: b.dags }));
            expect(found.some((p) => p.startsWith(b.says)), found.join("\n")).to.equal(true);
        });
    }

    it("fails the stack before registering anything, naming the full key", async () => {
        const result = await plan("staging", "aws", { platform: { pipelines: { enabled: true, schedulerReplicas: 0, dags: { repository: "https://github.com/acme/dags.git" } } } });
        expect(result.error).to.be.instanceOf(ConfigError);
        expect(result.error!.message).to.match(/ml-platform:platform\.pipelines\.schedulerReplicas: /);
        expect(result.resources.map((r) => r.type)).to.deep.equal(["pulumi:pulumi:Stack"]);
    });
});
