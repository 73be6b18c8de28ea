/**
 * Config for the Kubernetes platform layer (mesh, certificates, monitoring, ML services).
 * Environment-dependent defaults come from the `platform` block of the defaults table.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { ENVIRONMENT_DEFAULTS } from "./defaults";
import { clusterBackupsSchema } from "./clusterBackups";
import { guardrailsSchema } from "./guardrails";
import { sloRetentionProblem, sloSchema } from "./observability";
import { tracingSchema } from "./tracing";
import { deliverySchema } from "./delivery";
import type { Environment } from "./environment";
import { distributedComputeSchema } from "./distributedCompute";
import { pipelinesSchema } from "./pipelines";
import type { Rule } from "./rule";

/** The longest prefix of a DNS name the platform derives from `domain` (hosts mlflow., models. and airflow., k8s/context.ts). */
const LONGEST_DERIVED_PREFIX = "_acme-challenge.airflow.";

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
                .regex(/^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, { message: "expected a DNS name such as ml.example.com (labels of at most 63 characters)" })
                // RFC 1035: a name has at most 253 characters. The longest name the platform makes
                // from it is the ACME challenge record of its longest host.
                .refine((d) => `${LONGEST_DERIVED_PREFIX}${d}`.length <= 253, {
                    message: `at most ${253 - LONGEST_DERIVED_PREFIX.length} characters, so the DNS-01 challenge record ${LONGEST_DERIVED_PREFIX}<domain> stays within the 253 of RFC 1035`,
                })
                .optional(),
            /**
             * The stack creates a public DNS zone for `domain` (delegate it from the parent zone to the
             * zone's name servers; the Foundation carries them as `publicDns.nameServers`, not yet a
             * stack output), external-dns publishes mlflow.<domain> and models.<domain>
             * there, and the gateway's certificate comes from Let's Encrypt through ACME DNS-01 against it.
             * Off: the platform's self-signed CA, and no records are published.
             */
            publicDns: z.boolean().default(d.publicDns),
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
            distributedCompute: distributedComputeSchema(environment).prefault({}),
            /** Airflow (components/config/pipelines.ts). */
            pipelines: pipelinesSchema(environment).prefault({}),
            guardrails: guardrailsSchema(environment),
            /** Service-level objectives (components/config/observability.ts). */
            slo: sloSchema(environment).prefault({}),
            /** Distributed tracing (components/config/tracing.ts). */
            tracing: tracingSchema(environment).prefault({}),
            /** Velero's schedule and retention (components/config/clusterBackups.ts). */
            clusterBackups: clusterBackupsSchema(environment).prefault({}),
            /** Progressive delivery of models (components/config/delivery.ts). */
            delivery: deliverySchema(environment).prefault({}),

        })
        .superRefine((p, ctx) => {
            const problem = sloRetentionProblem(p);
            if (problem) ctx.addIssue({ code: "custom", ...problem });
        })
        .superRefine((p, ctx) => {
            if (!p.publicDns) return;
            if (!p.domain) {
                ctx.addIssue({ code: "custom", path: ["domain"], message: "required when publicDns is on: the public zone and the certificate are for this name" });
            }
            if (!p.acmeEmail) {
                ctx.addIssue({
                    code: "custom",
                    path: ["acmeEmail"],
                    message: "required when publicDns is on: the gateway's certificate comes from ACME (Let's Encrypt) DNS-01",
                });
            }
        });
}

export type PlatformLayerConfig = z.output<ReturnType<typeof platformLayerSchema>>;

/**
 * cluster-autoscaler images by Kubernetes minor: the autoscaler must match the cluster's minor
 * (its scheduler simulation is built from that release), and the chart's default image follows
 * the newest minor instead. Add a row before moving a stack to a new minor.
 */
export const CLUSTER_AUTOSCALER_IMAGE_TAGS: Readonly<Record<string, string>> = {
    "1.33": "v1.33.3",
    "1.34": "v1.34.2",
    "1.35": "v1.35.0",
};

/** Clouds whose foundation installs the cluster-autoscaler need an image for the configured minor. */
export const clusterAutoscalerImageRule: Rule = (c) =>
    CLUSTER_AUTOSCALER_IMAGE_TAGS[c.kubernetesVersion]
        ? undefined
        : {
              path: ["kubernetesVersion"],
              message: `no pinned cluster-autoscaler image for Kubernetes ${c.kubernetesVersion} (pinned: ${Object.keys(CLUSTER_AUTOSCALER_IMAGE_TAGS).join(", ")})`,
          };
