import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { configSchema } from "../../components/config/schema";
import { ENVIRONMENTS } from "../../components/config";
import { PROJECT_DIR } from "../../automation/stackConfig";
import { RULES } from "../../policy/rules";

const README = fs.readFileSync(path.join(PROJECT_DIR, "README.md"), "utf8");

/** The rows of the README's config reference table: the backticked keys of the first cell, and the whole row. */
function referenceRows(): { keys: string[]; text: string }[] {
    const section = README.slice(README.indexOf("## Config reference"));
    const table = section.slice(0, section.indexOf("\n## "));
    return table
        .split("\n")
        .filter((l) => l.startsWith("| `"))
        .map((text) => ({ keys: [...text.split("|")[1].matchAll(/`([^`]+)`/g)].map((m) => m[1]), text }));
}

interface ZodLike {
    _zod: { def: { type: string; shape?: Record<string, ZodLike>; innerType?: ZodLike; in?: ZodLike; options?: ZodLike[] } };
}

/** Every leaf key path the schema accepts, descending through objects (and the wrappers around them). */
function schemaPaths(schema: ZodLike, prefix: string[] = []): string[][] {
    const def = schema._zod.def;
    switch (def.type) {
        case "object":
            // The leaves: an object key is documented through the keys inside it.
            return Object.entries(def.shape ?? {}).flatMap(([key, child]) => {
                const inner = schemaPaths(child, [...prefix, key]);
                return inner.length > 0 ? inner : [[...prefix, key]];
            });
        case "optional":
        case "default":
        case "prefault":
        case "nullable":
        case "readonly":
        case "catch":
            return schemaPaths(def.innerType!, prefix);
        case "pipe":
            return schemaPaths(def.in!, prefix);
        case "union":
            return (def.options ?? []).flatMap((o) => schemaPaths(o, prefix));
        default:
            return [];
    }
}

describe("README matches the code", () => {
    it("documents every config key the schema accepts (the schema is read, so a new key without a row fails here)", () => {
        const rows = referenceRows();
        const paths = new Map<string, string[]>();
        for (const env of ENVIRONMENTS) for (const p of schemaPaths(configSchema(env) as unknown as ZodLike)) paths.set(p.join("."), p);
        expect(paths.size).to.be.greaterThan(40);
        const undocumented = [...paths.keys()].filter((key) => {
            if (rows.some((r) => r.keys.includes(key))) return false;
            // A nested key may instead be named in the row of its nearest documented ancestor.
            const parts = paths.get(key)!;
            const ancestors = parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join(".")).reverse();
            const owner = ancestors.map((a) => rows.find((r) => r.keys.includes(a))).find((r) => r !== undefined);
            return !(owner && new RegExp(`\\b${parts[parts.length - 1].replace(/[-]/g, "\\-")}\\b`).test(owner.text));
        });
        expect(undocumented, "config keys missing from the README's config reference").to.deep.equal([]);
    });

    it("states the policy pack's rule count as the pack has it", () => {
        const counts = [...README.matchAll(/`policy\/` is a CrossGuard policy pack: (\d+) rules/g)].map((m) => Number(m[1]));
        expect(counts).to.deep.equal([RULES.length]);
        for (const m of README.matchAll(/"rules": (\d+)/g)) expect(Number(m[1]), 'the "rules" of the plan example').to.equal(RULES.length);
    });

    it("asks for the Node.js version package.json's engines requires", () => {
        const engines = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "package.json"), "utf8")).engines.node as string;
        const major = /^>=(\d+)/.exec(engines)![1];
        expect(README).to.contain(`Node.js ${major} or newer`);
        expect(README).to.not.match(/Node\.js 20/);
    });

    it("deploys for real with the policy pack on every path", () => {
        const section = README.slice(README.indexOf("## Deploying for real"), README.indexOf("\n## ", README.indexOf("## Deploying for real") + 5));
        const commands = section.split("\n").filter((l) => /^\s*(pulumi|npm run deploy --) (preview|up)\b/.test(l));
        expect(commands).to.not.be.empty;
        for (const c of commands) if (c.trim().startsWith("pulumi ")) expect(c, c).to.match(/--policy-pack policy --policy-pack-config policy\/config\/\S+\.json/);
    });

    it("has a section per cloud on reaching the cluster API from CI, naming the config that expresses it", () => {
        const start = README.indexOf("## Reaching the cluster API from CI");
        expect(start).to.be.greaterThan(0);
        const section = README.slice(start, README.indexOf("\n## ", start + 5));
        for (const [cloud, key] of [["GKE", "gcp.apiAccess"], ["EKS", "aws.apiAccess"], ["AKS", "azure.apiAccess"]]) {
            expect(section, cloud).to.match(new RegExp(`### .*${cloud}`));
            expect(section, cloud).to.contain(key);
        }
        for (const v of ["RUNNER_LABELS_STAGING", "CODEBUILD_RUNNER_PROJECT_PRODUCTION", "AAD_LOGIN_METHOD", "privateApiAllowedCidrs"]) expect(section).to.contain(v);
    });
});
