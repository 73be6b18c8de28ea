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
                    expr: `time() - max by (schedule) (velero_backup_last_successful_timestamp{${selector}}) > ${limit}`,
                    for: "10m",
                    severity: "critical",
                    summary: `The last successful cluster backup is older than ${everyHours} h plus ${BACKUP_GRACE_SECONDS / 3600} h`,
                    description: `Velero schedule {{ $labels.schedule }} runs every ${everyHours} h; its newest successful backup is {{ $value | humanizeDuration }} old. See docs/runbooks/velero-namespace-restore.md.`,
                },
                {
                    // Velero sets the timestamp only from a completed backup (and recomputes it from the
                    // Backup objects every minute, so a restart keeps it): until the schedule's first
                    // success, or while the server is down or unscraped, the series is absent and the
                    // rule above cannot fire. Absent for as long as a backup may be late is the same miss.
                    alert: "VeleroBackupMetricsAbsent",
                    expr: `absent(velero_backup_last_successful_timestamp{${selector}})`,
                    for: `${limit}s`,
                    severity: "critical",
                    summary: `No successful cluster backup seen for ${everyHours} h plus ${BACKUP_GRACE_SECONDS / 3600} h`,
                    description: "Velero reports no successful backup of the platform schedule: none has succeeded yet, or the server is down or not scraped. See docs/runbooks/velero-namespace-restore.md.",
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
