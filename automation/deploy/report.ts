/**
 * The end of every run: a table of changes per resource type on the console, and a JSON summary
 * for CI artifacts. Neither ever holds a secret value.
 */
import * as fs from "fs";
import * as path from "path";
import type { Mode } from "./args";
import type { PolicyViolation } from "./events";
import type { ExitReason } from "./exitCodes";

export const REDACTED = "[secret]";

export interface ChangeReport {
    /** Per op, as the engine counted them (including `same`). */
    changes: Record<string, number>;
    changesByType: Record<string, Record<string, number>>;
}

export interface DriftReport {
    /** Cloud versus state: `refresh --preview-only --expect-no-changes`. */
    refresh: ChangeReport & { drifted: boolean };
    /** Program versus state: `preview --expect-no-changes` with the policy pack. Absent when the refresh check failed. */
    program?: ChangeReport & { drifted: boolean };
}

export interface DeploySummary extends ChangeReport {
    mode: Mode;
    stack: string;
    project: string;
    environment: string | null;
    result: ExitReason;
    exitCode: number;
    message: string | null;
    startedAt: string;
    durationSeconds: number;
    attempts: number;
    /** The pack and the policy config it ran with, and whether that config is the stack's override or its environment's. */
    policyPack: { path: string; config: string; configSource: "stack override" | "environment" } | null;
    policyViolations: PolicyViolation[];
    drift?: DriftReport;
    /** Stack outputs (up, outputs); secret ones are the string [secret]. */
    outputs?: Record<string, unknown>;
}

/** Remembers secret values seen during the run and blanks them out of any text. */
export class SecretRedactor {
    private readonly values = new Set<string>();

    add(value: unknown): void {
        if (typeof value === "string") {
            // Very short strings would blank out ordinary words; no real secret is that short.
            if (value.length >= 4) this.values.add(value);
        } else if (typeof value === "number" || typeof value === "boolean") {
            this.add(String(value));
        } else if (value && typeof value === "object") {
            if (!Array.isArray(value)) this.add(JSON.stringify(value));
            for (const v of Object.values(value)) this.add(v);
        }
    }

    redact(text: string): string {
        // Longest first, so a secret containing another is blanked whole.
        return [...this.values].sort((a, b) => b.length - a.length).reduce((t, v) => t.split(v).join(REDACTED), text);
    }

    leaks(text: string): number {
        return [...this.values].filter((v) => text.includes(v)).length;
    }
}

/** Stack outputs for display: secret values replaced, and remembered so nothing else leaks them. */
export function maskOutputs(outputs: Record<string, { value: unknown; secret: boolean }>, redactor: SecretRedactor): Record<string, unknown> {
    const masked: Record<string, unknown> = {};
    for (const [key, { value, secret }] of Object.entries(outputs)) {
        if (secret) redactor.add(value);
        masked[key] = secret ? REDACTED : value;
    }
    return masked;
}

const OP_COLUMNS = ["create", "update", "replace", "delete", "read", "import"];

export function formatChangeTable(report: ChangeReport): string {
    const types = Object.keys(report.changesByType);
    const ops = [...new Set([...OP_COLUMNS.filter((op) => types.some((t) => report.changesByType[t][op])), ...types.flatMap((t) => Object.keys(report.changesByType[t]))])];
    const totals = Object.entries(report.changes)
        .filter(([, n]) => n > 0)
        .map(([op, n]) => `${op} ${n}`)
        .join(", ");
    if (types.length === 0) return `  no changes${totals ? ` (${totals})` : ""}`;
    const header = `  ${ops.map((op) => op.padStart(8)).join("")}  type`;
    const rows = types.map((t) => `  ${ops.map((op) => String(report.changesByType[t][op] ?? ".").padStart(8)).join("")}  ${t}`);
    return [header, ...rows, `  totals: ${totals || "none reported"}`].join("\n");
}

/** Writes the summary, refusing if a remembered secret would end up in the file. */
export function writeSummary(file: string, summary: DeploySummary, redactor: SecretRedactor): void {
    const text = redactor.redact(JSON.stringify(summary, null, 2)) + "\n";
    if (redactor.leaks(text) > 0) throw new Error("refusing to write the summary: it would contain a secret value");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
}
