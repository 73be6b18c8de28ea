/** Human-readable plan: the component tree with counts of each child type, then totals. */
import type { CapturedResource } from "./capture";

export function formatTree(resources: readonly CapturedResource[]): string {
    const children = new Map<string | null, CapturedResource[]>();
    for (const r of resources) {
        const list = children.get(r.parent) ?? [];
        list.push(r);
        children.set(r.parent, list);
    }
    const lines: string[] = [];
    const walk = (parent: string | null, depth: number) => {
        const kids = children.get(parent) ?? [];
        const components = kids.filter((k) => !k.custom);
        const counts = countByType(kids.filter((k) => k.custom));
        const pad = "  ".repeat(depth);
        for (const [type, count] of counts) lines.push(`${pad}${type} × ${count}`);
        for (const c of components) {
            lines.push(`${pad}${c.type} "${c.name}"`);
            walk(c.urn, depth + 1);
        }
    };
    walk(null, 0);
    return lines.join("\n");
}

export function formatTotals(resources: readonly CapturedResource[]): string {
    const custom = resources.filter((r) => r.custom);
    const lines = [...countByType(custom)].sort(([a], [b]) => a.localeCompare(b)).map(([t, n]) => `  ${String(n).padStart(4)}  ${t}`);
    const protectedCount = custom.filter((r) => r.protect).length;
    return [`${custom.length} resources (${protectedCount} protected), by type:`, ...lines].join("\n");
}

function countByType(resources: readonly CapturedResource[]): Map<string, number> {
    const counts = new Map<string, number>();
    for (const r of resources) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
    return counts;
}
