/**
 * The security context every container the program defines runs with, and the chart-value shapes
 * that carry it: non-root, read-only root filesystem, no capabilities, seccomp RuntimeDefault.
 */

export const RUNTIME_DEFAULT_SECCOMP = { type: "RuntimeDefault" } as const;

export const RESTRICTED_POD_SECURITY = {
    runAsNonRoot: true,
    seccompProfile: RUNTIME_DEFAULT_SECCOMP,
} as const;

export const RESTRICTED_CONTAINER_SECURITY = {
    runAsNonRoot: true,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    privileged: false,
    capabilities: { drop: ["ALL"] },
    seccompProfile: RUNTIME_DEFAULT_SECCOMP,
} as const;

export interface Resources {
    requests: { cpu: string; memory: string };
    limits: { cpu?: string; memory: string };
}

/** Requests and limits; CPU limits only where throttling is preferable to noisy neighbours. */
export function resources(cpu: string, memory: string, limits: { cpu?: string; memory?: string } = {}): Resources {
    return {
        requests: { cpu, memory },
        limits: { ...(limits.cpu ? { cpu: limits.cpu } : {}), memory: limits.memory ?? memory },
    };
}

export interface Toleration {
    key: string;
    operator: "Equal" | "Exists";
    value?: string;
    effect: string;
}

/** Platform control-plane pods may run on the tainted system pool. */
export function systemTolerations(taint: { key: string; value: string; effect: string } | undefined): Toleration[] {
    return taint ? [{ key: taint.key, operator: "Equal", value: taint.value, effect: taint.effect }] : [];
}

/** Spread replicas over zones (soft) so one zone's loss leaves the others serving. */
export function zoneSpread(matchLabels: Record<string, string>) {
    return [
        {
            maxSkew: 1,
            topologyKey: "topology.kubernetes.io/zone",
            whenUnsatisfiable: "ScheduleAnyway",
            labelSelector: { matchLabels },
        },
    ];
}
