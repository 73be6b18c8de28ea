/** CIDR and port helpers for rules about network exposure. */

const WORLD = new Set(["0.0.0.0/0", "::/0", "*", "internet", "any"]);

/** Whether an address range means "anywhere". */
export function isWorld(cidr: unknown): boolean {
    return typeof cidr === "string" && WORLD.has(cidr.trim().toLowerCase());
}

/** A list of allowed ranges is restrictive when it is non-empty and names no "anywhere" range. */
export function isRestrictedCidrList(cidrs: readonly unknown[]): boolean {
    return cidrs.length > 0 && !cidrs.some(isWorld);
}

/** Ports in [from, to] that are in `ports`; protocol "-1"/"all" covers every port. */
export function exposedPorts(from: unknown, to: unknown, protocol: unknown, ports: readonly number[]): number[] {
    if (protocol === "-1" || protocol === "all") return [...ports];
    const low = typeof from === "number" ? from : 0;
    const high = typeof to === "number" ? to : 65535;
    return ports.filter((p) => p >= low && p <= high);
}

/** Port specs as clouds write them ("443", "8000-8100", "*"); true when every one is a single listed port. */
export function onlyPorts(specs: readonly unknown[], allowed: readonly number[]): boolean {
    if (specs.length === 0) return false;
    return specs.every((spec) => {
        const text = String(spec).trim();
        if (!/^\d+$/.test(text)) return false;
        return allowed.includes(Number(text));
    });
}

/** Config of rules that let the gateway's public listener, and nothing else, face the internet. */
export const PUBLIC_PORTS_SCHEMA = {
    type: "array" as const,
    items: { type: "integer" as const },
    default: [] as number[],
    description: "Ports the stack's config makes internet-facing (the gateway's 80/443 when gatewayExposure is external); empty for an internal stack.",
};
