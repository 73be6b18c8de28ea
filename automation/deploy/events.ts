/**
 * Collects what the engine reports while an operation runs: the steps per resource type, the
 * engine's own totals, and policy violations. Values never enter here, only types, ops and URNs.
 */
import type { EngineEvent, OpMap } from "@pulumi/pulumi/automation";

export type ViolationLevel = "mandatory" | "advisory";

export interface PolicyViolation {
    policy: string;
    pack: string;
    level: ViolationLevel;
    urn?: string;
    message: string;
}

/** Ops that mean "nothing changes"; a refresh step on an unchanged resource is reported as `refresh`. */
const UNCHANGED_OPS = new Set(["same", "refresh"]);

/** The engine reports a replacement as several steps; count it once. */
const REPLACE_OPS = new Set(["replace", "create-replacement", "delete-replaced", "discard-replaced", "import-replacement"]);

export class EngineEventCollector {
    private readonly steps = new Map<string, { type: string; op: string }>();
    private totals: OpMap | undefined;
    readonly violations: PolicyViolation[] = [];

    readonly handle = (event: EngineEvent): void => {
        const step = event.resourcePreEvent?.metadata;
        if (step && !UNCHANGED_OPS.has(step.op)) {
            this.steps.set(step.urn, { type: step.type, op: REPLACE_OPS.has(step.op) ? "replace" : step.op });
        }
        if (event.summaryEvent) this.totals = event.summaryEvent.resourceChanges;
        const policy = event.policyEvent;
        if (policy) {
            this.violations.push({
                policy: policy.policyName,
                pack: policy.policyPackName,
                level: policy.enforcementLevel === "mandatory" ? "mandatory" : "advisory",
                urn: policy.resourceUrn,
                message: policy.message.trim(),
            });
        }
    };

    /** Changes per resource type and op, unchanged resources left out. */
    changesByType(): Record<string, Record<string, number>> {
        const byType: Record<string, Record<string, number>> = {};
        for (const { type, op } of this.steps.values()) {
            const ops = (byType[type] ??= {});
            ops[op] = (ops[op] ?? 0) + 1;
        }
        return Object.fromEntries(Object.entries(byType).sort(([a], [b]) => a.localeCompare(b)));
    }

    /** The engine's totals per op when it sent its summary, otherwise what the steps add up to. */
    changeTotals(): Record<string, number> {
        if (this.totals) return { ...this.totals } as Record<string, number>;
        const totals: Record<string, number> = {};
        for (const { op } of this.steps.values()) totals[op] = (totals[op] ?? 0) + 1;
        return totals;
    }

    /** Number of resources that would change or changed. */
    changeCount(): number {
        return Object.entries(this.changeTotals())
            .filter(([op]) => !UNCHANGED_OPS.has(op))
            .reduce((sum, [, n]) => sum + (n ?? 0), 0);
    }

    hasMandatoryViolation(): boolean {
        return this.violations.some((v) => v.level === "mandatory");
    }
}
