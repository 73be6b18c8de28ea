/**
 * Collects what the engine reports while an operation runs: the steps per resource type, the
 * engine's own totals, and policy violations. Values never enter here, only types, ops and URNs.
 */
import type { EngineEvent, OpMap, StepEventMetadata } from "@pulumi/pulumi/automation";

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

export interface Step {
    type: string;
    op: string;
}

/**
 * The op a step counts as. A refresh step is `refresh` whether or not the resource moved; only its
 * outputs event carries the diff, and a refreshed resource with a diff is drift, counted as an update.
 */
function countedOp(step: StepEventMetadata): string | undefined {
    if (step.op === "refresh") return (step.diffs?.length ?? 0) > 0 || Object.keys(step.detailedDiff ?? {}).length > 0 ? "update" : undefined;
    if (UNCHANGED_OPS.has(step.op)) return undefined;
    return REPLACE_OPS.has(step.op) ? "replace" : step.op;
}

export class EngineEventCollector {
    /** One entry per URN: the pre-event and the outputs event of a step, or a replacement's parts, count once. */
    private readonly steps = new Map<string, Step>();
    private totals: OpMap | undefined;
    readonly violations: PolicyViolation[] = [];
    /**
     * The Automation API tails the engine's event log by polling (@logdna/tail-file), and under load
     * a final read on quit can hand over lines already delivered; each event's `sequence` is unique.
     */
    private readonly seen = new Set<number>();

    readonly handle = (event: EngineEvent): void => {
        if (this.seen.has(event.sequence)) return;
        this.seen.add(event.sequence);
        for (const step of [event.resourcePreEvent?.metadata, event.resOutputsEvent?.metadata]) {
            const op = step && countedOp(step);
            if (step && op) this.steps.set(step.urn, { type: step.type, op });
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

    /** The changed resources by URN. */
    changedSteps(): ReadonlyMap<string, Step> {
        return this.steps;
    }

    /** Changes per resource type and op, unchanged resources left out. */
    changesByType(): Record<string, Record<string, number>> {
        return byType(this.steps.values());
    }

    /** The engine's totals per op when it sent its summary, otherwise what the steps add up to. */
    changeTotals(): Record<string, number> {
        if (this.totals) return { ...this.totals } as Record<string, number>;
        return totalsOf(this.steps.values());
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

export function byType(steps: Iterable<Step>): Record<string, Record<string, number>> {
    const result: Record<string, Record<string, number>> = {};
    for (const { type, op } of steps) {
        const ops = (result[type] ??= {});
        ops[op] = (ops[op] ?? 0) + 1;
    }
    return Object.fromEntries(Object.entries(result).sort(([a], [b]) => a.localeCompare(b)));
}

export function totalsOf(steps: Iterable<Step>): Record<string, number> {
    const totals: Record<string, number> = {};
    for (const { op } of steps) totals[op] = (totals[op] ?? 0) + 1;
    return totals;
}
