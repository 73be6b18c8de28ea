/**
 * Config for cluster-state backups with Velero (`platform.clusterBackups`, issue 17): how often the
 * schedule runs and how long each backup is kept. The backup-age alert follows from `everyHours`.
 */
import { z } from "zod";
import type { Environment } from "./environment";

/** Intervals that divide a day, so the schedule runs at the same hours every day. */
export const BACKUP_INTERVALS_HOURS = [1, 2, 3, 4, 6, 8, 12, 24] as const;

export const CLUSTER_BACKUP_DEFAULTS = {
    // Staging: one backup a night, a week of them.
    staging: { everyHours: 24, retentionDays: 7 },
    // Production: every 6 hours (RPO 6 h for cluster state), a month of them.
    production: { everyHours: 6, retentionDays: 30 },
} as const satisfies Record<Environment, unknown>;

export function clusterBackupsSchema(environment: Environment) {
    const d = CLUSTER_BACKUP_DEFAULTS[environment];
    return z.strictObject({
        /** Hours between scheduled backups. */
        everyHours: z
            .number()
            .int()
            .refine((h) => (BACKUP_INTERVALS_HOURS as readonly number[]).includes(h), { message: `expected one of ${BACKUP_INTERVALS_HOURS.join(", ")} (hours, dividing a day)` })
            .default(d.everyHours),
        /** Days each backup (and its volume snapshots) is kept before Velero deletes it. */
        retentionDays: z.number().int().min(1).max(365).default(d.retentionDays),
    });
}

export type ClusterBackupsConfig = z.output<ReturnType<typeof clusterBackupsSchema>>;
