/**
 * The platform's Falco rules, loaded after the image's own falco_rules.yaml (falco-rules 5.1.0,
 * the "stable" set). They reference only fields, and macros and lists that set defines
 * (open_write, container, spawned_process, shell_procs, outbound): the sandbox set, which holds
 * `bin_dir` and `Write below binary dir`, is not loaded, so the binary directories are our own list.
 */
import { stringify } from "yaml";

export const FALCO_PRIORITY = ["EMERGENCY", "ALERT", "CRITICAL", "ERROR", "WARNING", "NOTICE", "INFORMATIONAL", "DEBUG"] as const;
export type RulePriority = (typeof FALCO_PRIORITY)[number];

/** The stable rule we reuse for interactive shells; its NOTICE priority is below what reaches Alertmanager. */
export const TERMINAL_SHELL_RULE = "Terminal shell in container";

export const RULE_NAMES = {
    modelServerShell: "Shell in a model-server container",
    binaryDirWrite: "Write below a binary directory in a container",
    modelServerOutbound: "Unexpected outbound connection from a model server",
} as const;

export interface PlatformRulesArgs {
    /** The namespace model servers run in. */
    servingNamespace: string;
    /** Server ports model servers may reach outside the cluster (the object store's HTTPS). */
    modelServerEgressPorts: number[];
    /**
     * Address ranges that are the cluster's own although outside RFC 1918 (which `outbound`
     * already skips): pod ranges such as 100.64.0.0/14, which sidecars and socket-level load
     * balancing connect to directly, and link-local identity endpoints (GKE's metadata server).
     */
    clusterNets: string[];
}

export interface FalcoList {
    list: string;
    items: (string | number)[];
}
export interface FalcoMacro {
    macro: string;
    condition: string;
}
export interface FalcoRule {
    rule: string;
    desc?: string;
    condition?: string;
    output?: string;
    priority: RulePriority;
    tags?: string[];
    override?: Record<string, "append" | "replace">;
}
export type FalcoRuleItem = FalcoList | FalcoMacro | FalcoRule;

const BINARY_DIRS = ["/bin", "/sbin", "/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin", "/usr/lib", "/usr/lib64", "/lib", "/lib64"];

/** The chart's `append_output: suggested_output` adds the container plugin's pod and container names to every output. */
const WHERE = "ns=%k8s.ns.name container_id=%container.id image=%container.image.repository";

export function platformRules(args: PlatformRulesArgs): FalcoRuleItem[] {
    const serving = `k8s.ns.name = "${args.servingNamespace}"`;
    return [
        { list: "mlplatform_binary_dirs", items: BINARY_DIRS },
        { list: "mlplatform_model_server_egress_ports", items: args.modelServerEgressPorts },
        // Quoted like upstream's rfc_1918_addresses: a CIDR is a string to the rule parser.
        { list: "mlplatform_cluster_nets", items: args.clusterNets.map((c) => `"${c}"`) },
        { macro: "mlplatform_model_server", condition: `(container and ${serving})` },
        {
            rule: TERMINAL_SHELL_RULE,
            priority: "WARNING",
            override: { priority: "replace" },
        },
        {
            rule: RULE_NAMES.modelServerShell,
            desc: "A shell started in a model-server container, with or without a terminal: model servers never run one.",
            condition: "spawned_process and mlplatform_model_server and shell_procs",
            output: `Shell started in a model server (command=%proc.cmdline parent=%proc.pname user=%user.name ${WHERE})`,
            priority: "WARNING",
            tags: ["ml_platform", "container", "shell", "mitre_execution", "T1059"],
        },
        {
            rule: RULE_NAMES.binaryDirWrite,
            desc: "A file opened for writing below a binary or library directory inside a container: images are immutable at run time.",
            condition: "open_write and container and fd.name pmatch (mlplatform_binary_dirs)",
            output: `File below a binary directory opened for writing (file=%fd.name command=%proc.cmdline user=%user.name ${WHERE})`,
            priority: "ERROR",
            tags: ["ml_platform", "container", "filesystem", "mitre_persistence", "T1543"],
        },
        {
            rule: RULE_NAMES.modelServerOutbound,
            desc: "A model server connected outside the cluster on a port other than the object store's: possible exfiltration or a fetched payload.",
            condition: `outbound and mlplatform_model_server and not fd.sport in (mlplatform_model_server_egress_ports) and not fd.snet in (mlplatform_cluster_nets)`,
            output: `Model server connected out on an unexpected port (connection=%fd.name port=%fd.sport command=%proc.cmdline ${WHERE})`,
            priority: "CRITICAL",
            tags: ["ml_platform", "container", "network", "mitre_exfiltration", "TA0010"],
        },
    ];
}

/** The rules file as Falco reads it (the chart mounts `customRules` entries under /etc/falco/rules.d). */
export function platformRulesYaml(args: PlatformRulesArgs): string {
    return stringify(platformRules(args), { lineWidth: 0 });
}
