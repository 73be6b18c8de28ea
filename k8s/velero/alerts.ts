/**
 * Backup alerts from Velero's own metrics (port 8085): the schedule's last successful backup is
 * older than its interval allows, and the last run failed. The age threshold follows from
 * `platform.clusterBackups.everyHours`, so these rules live in Velero's own PrometheusRule.
 */
import type { AlertGroup } from "../alertRules";

/** Time a scheduled backup may take before its absence counts as a miss. */
export const BACKUP_GRACE_SECONDS = 3600;

/** Seconds after which the newest successful backup is too old: one interval plus the grace. */
export function backupAgeLimitSeconds(everyHours: number): number {
    return everyHours * 3600 + BACKUP_GRACE_SECONDS;
}

export function veleroAlerts(schedule: string, everyHours: number): AlertGroup[] {
    const selector = `schedule="${schedule}"`;
    const limit = backupAgeLimitSeconds(everyHours);
    return [
        {
            name: "ml-platform.backups",
            interval: "1m",
            rules: [
                {
                    alert: "VeleroBackupTooOld",
                    // A schedule that never succeeded reports 0, so it is too old as well.
                    expr: `time() - max by (schedule) (velero_backup_last_successful_timestamp{${selector}}) > ${limit}`,
                    for: "10m",
                    severity: "critical",
                    summary: `The last successful cluster backup is older than ${everyHours} h plus ${BACKUP_GRACE_SECONDS / 3600} h`,
                    description: `Velero schedule {{ $labels.schedule }} runs every ${everyHours} h; its newest successful backup is {{ $value | humanizeDuration }} old. See docs/runbooks/velero-namespace-restore.md.`,
                },
                {
                    alert: "VeleroBackupMetricsAbsent",
                    expr: `absent(velero_backup_last_successful_timestamp{${selector}})`,
                    for: "30m",
                    severity: "warning",
                    summary: "Velero reports no backup age for the platform schedule",
                    description: "Velero's server is down, not scraped, or the schedule is missing: backups cannot be seen to run.",
                },
                {
                    alert: "VeleroBackupFailed",
                    // velero_backup_last_status: 1 when the schedule's last backup succeeded, 0 when it failed.
                    expr: `max by (schedule) (velero_backup_last_status{${selector}}) == 0`,
                    for: "5m",
                    severity: "warning",
                    summary: "The last scheduled cluster backup did not succeed",
                    description: "Velero schedule {{ $labels.schedule }}: its latest backup failed or was partial; the next run may still succeed.",
                },
            ],
        },
    ];
}
