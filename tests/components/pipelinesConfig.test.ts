import { expect } from "chai";
import { ConfigError, ENVIRONMENT_DEFAULTS } from "../../components/config";
import { pipelinesSchema, sshHostPattern } from "../../components/config/pipelines";
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

    const GITHUB_KEY = "github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";

    it("takes an SSH repository with its key Secret and the server's host keys", () => {
        const dags = { repository: "git@github.com:acme/dags.git", sshKeySecret: "deploy-key", knownHosts: `# GitHub\n${GITHUB_KEY}\n` };
        expect(pipelinesSchema("production").parse({ enabled: true, dags }).dags).to.include(dags);
    });

    it("reads the host known_hosts must name from each SSH URL form", () => {
        expect(sshHostPattern("git@github.com:acme/dags.git")).to.equal("github.com");
        expect(sshHostPattern("ssh://git@git.acme.example/ml/dags.git")).to.equal("git.acme.example");
        expect(sshHostPattern("ssh://git@git.acme.example:22/ml/dags.git")).to.equal("git.acme.example");
        expect(sshHostPattern("ssh://git@git.acme.example:2222/ml/dags.git")).to.equal("[git.acme.example]:2222");
        expect(sshHostPattern("git@GitHub.com:acme/dags.git")).to.equal("github.com");
        expect(sshHostPattern("ssh://git@[2001:db8::1]:2222/ml/dags.git")).to.equal("[2001:db8::1]:2222");
        expect(sshHostPattern("ssh://git@[2001:db8::1]/ml/dags.git")).to.equal("2001:db8::1");
    });

    const ssh = { repository: "git@github.com:acme/dags.git", sshKeySecret: "deploy-key" };
    const bad: { title: string; dags: Record<string, unknown>; says: string }[] = [
        { title: "an SSH repository without host keys (git-sync would not check the server)", dags: ssh, says: "dags.knownHosts: required for an SSH repository: the public host keys of github.com" },
        { title: "host keys that are not known_hosts lines", dags: { ...ssh, knownHosts: "SHA256:+DiY3wvvV6TuJJhbpZisF/zLDA0zPMSvHdkr4UvCOqU" }, says: "dags.knownHosts: expected known_hosts lines" },
        { title: "host keys of another host", dags: { ...ssh, knownHosts: GITHUB_KEY.replace("github.com", "gitlab.com") }, says: "dags.knownHosts: names no key of github.com" },
        { title: "only a revocation of the host's key", dags: { ...ssh, knownHosts: `@revoked ${GITHUB_KEY}` }, says: "dags.knownHosts: names no key of github.com" },
        { title: "host keys for an https repository", dags: { repository: "https://github.com/acme/dags.git", knownHosts: GITHUB_KEY }, says: "dags.knownHosts: only for SSH repositories" },
        { title: "a plain http URL", dags: { repository: "http://github.com/acme/dags.git" }, says: "dags.repository: expected an https:// or SSH git URL" },
        { title: "an SSH repository without its key", dags: { repository: "git@github.com:acme/dags.git" }, says: "dags.sshKeySecret: required for an SSH repository" },
        { title: "an SSH key for an https repository", dags: { repository: "https://github.com/acme/dags.git", sshKeySecret: "key" }, says: "dags.sshKeySecret: only for SSH repositories" },
        { title: "a Secret name that is not a DNS label", dags: { repository: "git@github.com:acme/dags.git", sshKeySecret: "Deploy_Key", knownHosts: GITHUB_KEY }, says: "dags.sshKeySecret: expected the name of a Kubernetes Secret" },
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
