/**
 * Config for the optional pipelines component: Airflow (`platform.pipelines`). Off unless a stack
 * turns it on; replica counts come from the defaults table. The DAG repository is required when on:
 * git-sync delivers DAGs from it, and the Secrets holding its credentials are created by the team
 * (config names them; a key never passes through config).
 */
import { z } from "zod";
import { ENVIRONMENT_DEFAULTS } from "./defaults";
import type { Environment } from "./environment";

/** A Kubernetes object name (DNS-1123 label, as Secret names are used here). */
const secretName = z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, { message: "expected the name of a Kubernetes Secret (lower-case DNS label)" });

const HTTPS_REPO = /^https:\/\/[^\s/]+\/\S+$/;
const SSH_REPO = /^(ssh:\/\/[^\s/]+\/\S+|[a-z0-9_.-]+@[^\s:]+:\S+)$/;

/** One known_hosts entry: `[marker] host[,host...] key-type base64-key [comment]` (sshd(8), SSH_KNOWN_HOSTS FILE FORMAT). */
const KNOWN_HOST_LINE = /^(@(cert-authority|revoked)\s+)?(\S+)\s+(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com)\s+[A-Za-z0-9+/]+={0,3}(\s.*)?$/;

function knownHostLines(text: string): string[] {
    return text.split("\n").map((l) => l.trim()).filter((l) => l !== "" && !l.startsWith("#"));
}

/**
 * The host (and port) an SSH git URL connects to, as known_hosts names it: `host`, or `[host]:port`
 * off port 22; lower-case, as ssh compares it. An IPv6 address is written in brackets in the URL.
 */
export function sshHostPattern(repository: string): string {
    const url = /^ssh:\/\/(?:[^@/]+@)?(\[[^\]]+\]|[^/:]+)(?::(\d+))?\//.exec(repository);
    if (url) {
        const host = url[1].replace(/^\[(.*)\]$/, "$1").toLowerCase();
        return url[2] && url[2] !== "22" ? `[${host}]:${url[2]}` : host;
    }
    return repository.slice(repository.indexOf("@") + 1, repository.indexOf(":")).toLowerCase();
}

/**
 * Whether some key entry (not a revocation) names the host: literally, or hashed or by wildcard,
 * which only ssh itself can match, so those are taken as naming it.
 */
function namesHost(lines: string[], host: string): boolean {
    return lines.some((line) => {
        const entry = KNOWN_HOST_LINE.exec(line);
        if (!entry || entry[2] === "revoked") return false;
        return entry[3].startsWith("|1|") || entry[3].toLowerCase().split(",").some((h) => h === host || /[*?]/.test(h));
    });
}

/** Where git-sync pulls DAGs from. */
const dagsSchema = z
    .strictObject({
        /** https://host/org/repo.git, or an SSH URL (git@host:org/repo.git, ssh://host/org/repo.git). */
        repository: z.string().refine((u) => HTTPS_REPO.test(u) || SSH_REPO.test(u), {
            message: "expected an https:// or SSH git URL such as git@github.com:acme/dags.git",
        }),
        branch: z.string().regex(/^[A-Za-z0-9._/-]{1,255}$/, { message: "expected a git branch name" }).default("main"),
        /** Folder of the repository that holds the DAG files ("" = the root). */
        subPath: z.string().regex(/^([A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*)?$/, { message: "expected a relative folder such as dags or pipelines/dags" }).default(""),
        /** Secret in the airflow namespace with key `gitSshKey` (SSH repositories). */
        sshKeySecret: secretName.optional(),
        /** Secret with keys `GITSYNC_USERNAME` and `GITSYNC_PASSWORD` (private https repositories). */
        credentialsSecret: secretName.optional(),
        /**
         * The SSH server's public host keys, known_hosts lines (public, not secret): git-sync verifies
         * the server against them. Without them the chart turns host-key checking off.
         */
        knownHosts: z
            .string()
            .refine((t) => knownHostLines(t).length > 0 && knownHostLines(t).every((l) => KNOWN_HOST_LINE.test(l)), {
                message: "expected known_hosts lines such as 'github.com ssh-ed25519 AAAAC3Nza...' (the host's published keys)",
            })
            .optional(),
    })
    .superRefine((d, ctx) => {
        const ssh = SSH_REPO.test(d.repository);
        if (ssh && !d.sshKeySecret) ctx.addIssue({ code: "custom", path: ["sshKeySecret"], message: "required for an SSH repository: the Secret holding the deploy key (key gitSshKey)" });
        if (!ssh && d.sshKeySecret) ctx.addIssue({ code: "custom", path: ["sshKeySecret"], message: "only for SSH repositories; an https repository uses credentialsSecret" });
        if (ssh && d.credentialsSecret) ctx.addIssue({ code: "custom", path: ["credentialsSecret"], message: "only for https repositories; an SSH repository uses sshKeySecret" });
        if (!ssh && d.knownHosts !== undefined) ctx.addIssue({ code: "custom", path: ["knownHosts"], message: "only for SSH repositories; an https repository is verified by its TLS certificate" });
        if (ssh && d.knownHosts === undefined) {
            ctx.addIssue({ code: "custom", path: ["knownHosts"], message: `required for an SSH repository: the public host keys of ${sshHostPattern(d.repository)} as known_hosts lines, so git-sync verifies the server` });
        }
        if (ssh && d.knownHosts !== undefined && KNOWN_HOST_LINE.test(knownHostLines(d.knownHosts)[0] ?? "") && !namesHost(knownHostLines(d.knownHosts), sshHostPattern(d.repository))) {
            ctx.addIssue({ code: "custom", path: ["knownHosts"], message: `names no key of ${sshHostPattern(d.repository)}, the repository's host: git-sync would refuse the server` });
        }
    });

export function pipelinesSchema(environment: Environment) {
    const d = ENVIRONMENT_DEFAULTS[environment].platform.pipelines;
    return z
        .strictObject({
            enabled: z.boolean().default(false),
            dags: dagsSchema.optional(),
            /** Schedulers (active-active on the metadata database); production runs two. */
            schedulerReplicas: z.number().int().min(1).max(5).default(d.schedulerReplicas),
            /** API servers (UI, REST API and the task execution API). */
            apiServerReplicas: z.number().int().min(1).max(10).default(d.apiServerReplicas),
        })
        .superRefine((p, ctx) => {
            if (p.enabled && !p.dags) {
                ctx.addIssue({ code: "custom", path: ["dags"], message: "required when pipelines are enabled: the git repository git-sync delivers DAGs from ({repository, branch?, subPath?})" });
            }
        });
}

export type PipelinesConfig = z.output<ReturnType<typeof pipelinesSchema>>;
