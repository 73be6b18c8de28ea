/**
 * Config for the Kubernetes platform layer (mesh, certificates, monitoring, ML services).
 * Environment-dependent defaults come from the `platform` block of the defaults table.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { ENVIRONMENT_DEFAULTS } from "./defaults";
import type { Environment } from "./environment";

const httpsUrl = z.url({ protocol: /^https$/, message: "expected an https:// URL" });

/**
 * Alerting credentials. Set them as secrets, e.g.
 *   pulumi config set --secret --path 'ml-platform:platform.alerting.slackWebhookUrl' https://hooks.slack.com/services/...
 * They leave the parser as secret Outputs, so nothing downstream can print them. Their format is
 * not checked: an offline plan sees a stand-in for every `secure:` value.
 */
const alertingSchema = z.strictObject({
    slackWebhookUrl: z.string().min(1).transform((url) => pulumi.secret(url)).optional(),
    /** Channel the Slack receiver posts to (the webhook's default when unset). */
    slackChannel: z.string().regex(/^#[a-z0-9._-]{1,80}$/, { message: "expected a channel such as #ml-alerts" }).optional(),
    pagerDutyRoutingKey: z.string().min(1).transform((key) => pulumi.secret(key)).optional(),
});

export function platformLayerSchema(environment: Environment) {
    const d = ENVIRONMENT_DEFAULTS[environment].platform;
    return z
        .strictObject({
            /** DNS name under which the gateway serves the ML services, e.g. ml.example.com. */
            domain: z
                .string()
                .regex(/^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$/, { message: "expected a DNS name such as ml.example.com" })
                .optional(),
            /** Contact address for the ACME (Let's Encrypt) account. */
            acmeEmail: z.email({ message: "expected an e-mail address for the ACME account" }).optional(),
            /** Whether the ingress gateway's load balancer is on the private network or internet-facing. */
            gatewayExposure: z.enum(["internal", "external"]).default(d.gatewayExposure),
            /** Require a JWT from this issuer on every request through the gateway. */
            jwt: z
                .strictObject({
                    issuer: z.url({ message: "expected the token issuer URL" }),
                    jwksUri: httpsUrl,
                    audiences: z.array(z.string().min(1)).optional(),
                })
                .optional(),
            serving: z
                .strictObject({
                    minReplicas: z.number().int().min(1).max(1000).default(d.serving.minReplicas),
                    maxReplicas: z.number().int().min(1).max(1000).default(d.serving.maxReplicas),
                    /** Requests per second one replica should handle before scaling out. */
                    targetRequestsPerSecond: z.number().int().min(1).max(100000).default(d.serving.targetRequestsPerSecond),
                    targetCpuUtilization: z.number().int().min(10).max(95).default(d.serving.targetCpuUtilization),
                    scaleUpStabilizationSeconds: z.number().int().min(0).max(3600).default(d.serving.scaleUpStabilizationSeconds),
                    scaleDownStabilizationSeconds: z.number().int().min(0).max(3600).default(d.serving.scaleDownStabilizationSeconds),
                })
                .prefault({})
                .refine((s) => s.minReplicas <= s.maxReplicas, { message: "minReplicas must not exceed maxReplicas", path: ["minReplicas"] }),
            /** Deploy one example InferenceService (a public scikit-learn model) behind the gateway. */
            exampleModel: z.boolean().default(d.exampleModel),
            monitoring: z
                .strictObject({
                    retentionDays: z.number().int().min(1).max(3650).default(d.monitoring.retentionDays),
                    prometheusStorageGb: z.number().int().min(5).max(16384).default(d.monitoring.prometheusStorageGb),
                    alertmanagerStorageGb: z.number().int().min(1).max(1024).default(d.monitoring.alertmanagerStorageGb),
                })
                .prefault({}),
            alerting: alertingSchema.prefault({}),
        })
        .superRefine((p, ctx) => {
            if (environment !== "production" || !p.domain) return;
            if (!p.acmeEmail) {
                ctx.addIssue({
                    code: "custom",
                    path: ["acmeEmail"],
                    message: "required in production when a domain is set: the gateway's certificate comes from ACME (Let's Encrypt)",
                });
            }
            if (p.gatewayExposure === "internal") {
                ctx.addIssue({
                    code: "custom",
                    path: ["gatewayExposure"],
                    message: "ACME HTTP-01 validation needs an internet-facing gateway: set external, or remove the domain to use the self-signed CA",
                });
            }
        });
}

export type PlatformLayerConfig = z.output<ReturnType<typeof platformLayerSchema>>;
