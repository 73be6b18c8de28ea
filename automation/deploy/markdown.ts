/**
 * A deploy summary as Markdown, for what a reviewer reads before approving: the GitHub job summary
 * of the production preview, and the sticky pull-request comment. Built from the JSON summary only,
 * which never holds a secret value.
 */
import type { DeploySummary } from "./report";

/** Starts every comment, so a later push finds and edits the same comment for this stack. */
export function commentMarker(stack: string): string {
    return `<!-- ml-platform-preview:${stack} -->`;
}

const OPS = ["create", "update", "replace", "delete", "read", "import"];

export function renderMarkdown(summary: DeploySummary, options: { commit?: string } = {}): string {
    return [
        commentMarker(summary.stack),
        `### ${summary.mode} of \`${summary.stack}\`: ${verdictLine(summary)}`,
        "",
        options.commit ? `Commit \`${options.commit}\`; ` + policyLine(summary) : policyLine(summary),
        "",
        changesTable(summary),
        violationsList(summary),
        summary.message && summary.result !== "ok" ? `\n<details><summary>Why it failed</summary>\n\n\`\`\`\n${summary.message}\n\`\`\`\n</details>` : "",
    ]
        .filter((part) => part !== undefined)
        .join("\n")
        .trimEnd()
        .concat("\n");
}

function verdictLine(s: DeploySummary): string {
    const changed = changedCount(s);
    if (s.result !== "ok") return `**${s.result}** (exit ${s.exitCode})`;
    return changed === 0 ? "no changes" : `${changed} resource(s) to change`;
}

function changedCount(s: DeploySummary): number {
    return Object.values(s.changesByType).reduce((sum, ops) => sum + Object.values(ops).reduce((a, b) => a + b, 0), 0);
}

function policyLine(s: DeploySummary): string {
    if (!s.policyPack) return "no policy pack in this mode.";
    const mandatory = s.policyViolations.filter((v) => v.level === "mandatory").length;
    const advisory = s.policyViolations.length - mandatory;
    const verdict = mandatory > 0 ? `**policy: failed**, ${mandatory} mandatory violation(s)` : "**policy: passed**";
    return `${verdict}, ${advisory} advisory (config \`${s.policyPack.config}\`, from the ${s.policyPack.configSource}).`;
}

function changesTable(s: DeploySummary): string {
    const types = Object.keys(s.changesByType);
    if (types.length === 0) return "No resource changes.";
    const ops = OPS.filter((op) => types.some((t) => s.changesByType[t][op])).concat(
        [...new Set(types.flatMap((t) => Object.keys(s.changesByType[t])))].filter((op) => !OPS.includes(op)),
    );
    const header = `| Type | ${ops.join(" | ")} |\n|---|${ops.map(() => "---:").join("|")}|`;
    const rows = types.map((t) => `| \`${t}\` | ${ops.map((op) => s.changesByType[t][op] ?? "").join(" | ")} |`);
    return [header, ...rows].join("\n");
}

function violationsList(s: DeploySummary): string {
    if (s.policyViolations.length === 0) return "";
    const lines = s.policyViolations.map((v) => `- ${v.level === "mandatory" ? "**mandatory**" : "advisory"} \`${v.policy}\`${v.urn ? ` on \`${v.urn.split("::").pop()}\`` : ""}: ${oneLine(v.message)}`);
    return `\n**Policy violations**\n\n${lines.join("\n")}`;
}

function oneLine(text: string): string {
    return text.replace(/\s+/g, " ").trim();
}
