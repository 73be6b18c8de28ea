/**
 * Alertmanager routing. Receiver credentials never enter the config: the Slack URL and the
 * PagerDuty key live in a Secret that Alertmanager mounts, and the config names the files.
 */

export const RECEIVER_SECRET = "alertmanager-receivers";
export const SECRET_KEYS = { slack: "slack-webhook-url", pagerDuty: "pagerduty-routing-key" } as const;
/** Where the Alertmanager operator mounts `alertmanagerSpec.secrets`. */
const SECRET_DIR = `/etc/alertmanager/secrets/${RECEIVER_SECRET}`;

export interface ReceiverChoice {
    slack?: { channel?: string };
    pagerDuty?: boolean;
}

export function alertmanagerConfig(r: ReceiverChoice) {
    const receivers: Record<string, unknown>[] = [{ name: "null" }];
    const routes: Record<string, unknown>[] = [{ receiver: "null", matchers: ['alertname = "Watchdog"'] }];
    if (r.pagerDuty) {
        receivers.push({ name: "pagerduty", pagerduty_configs: [{ routing_key_file: `${SECRET_DIR}/${SECRET_KEYS.pagerDuty}`, send_resolved: true }] });
        // Critical alerts page, and continue so they also reach Slack.
        routes.push({ receiver: "pagerduty", matchers: ['severity = "critical"'], continue: true });
    }
    if (r.slack) {
        receivers.push({
            name: "slack",
            slack_configs: [
                {
                    api_url_file: `${SECRET_DIR}/${SECRET_KEYS.slack}`,
                    ...(r.slack.channel ? { channel: r.slack.channel } : {}),
                    send_resolved: true,
                    title: '[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }}',
                    text: "{{ range .Alerts }}{{ .Annotations.summary }}: {{ .Annotations.description }}\n{{ end }}",
                },
            ],
        });
        routes.push({ receiver: "slack", matchers: ['severity =~ "warning|critical"'] });
    }
    return {
        global: { resolve_timeout: "5m" },
        route: { receiver: "null", group_by: ["alertname", "namespace"], group_wait: "30s", group_interval: "5m", repeat_interval: "4h", routes },
        receivers,
        // `rule` too: Falco's events share one alertname and carry no namespace label (a label missing on
        // both sides counts as equal), so without it one critical event would mute every warning one.
        inhibit_rules: [{ source_matchers: ['severity = "critical"'], target_matchers: ['severity = "warning"'], equal: ["alertname", "namespace", "rule"] }],
    };
}
