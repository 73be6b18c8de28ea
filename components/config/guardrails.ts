/**
 * Config for the in-cluster guardrails (issue 16): the admission policies every workload outside
 * the system namespaces must pass. The enforcement action per environment comes from the
 * `platform.guardrails` block of the defaults table.
 */
import { z } from "zod";
import { ENVIRONMENT_DEFAULTS } from "./defaults";
import type { Environment } from "./environment";
import { runtimeDetectionSchema } from "./runtime";

/** What a violating object gets: a warning to the client (it is admitted), or a refusal. */
export const ADMISSION_ACTIONS = ["Warn", "Deny"] as const;
export type AdmissionAction = (typeof ADMISSION_ACTIONS)[number];

/**
 * The registries the platform's own charts pull from (the same list the CrossGuard rule
 * k8s-image-pinning defaults to); a team's registry (ECR, Artifact Registry, ACR) is added here.
 */
export const DEFAULT_ALLOWED_REGISTRIES = ["docker.io", "ghcr.io", "quay.io", "registry.k8s.io", "public.ecr.aws", "nvcr.io", "gcr.io", "mcr.microsoft.com"] as const;

/** A registry host, optionally with a port: `quay.io`, `123456789012.dkr.ecr.us-east-1.amazonaws.com`, `pkg.dev`. */
const registryHost = z
    .string()
    .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(:[0-9]{1,5})?$/, {
        message: "expected a registry host name such as quay.io or myregistry.azurecr.io (a suffix match: pkg.dev allows every Artifact Registry region)",
    });

const namespaceName = z.string().regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, { message: "expected a namespace name (a DNS label)" });

export function guardrailsSchema(environment: Environment) {
    const d = ENVIRONMENT_DEFAULTS[environment].platform.guardrails;
    return z
        .strictObject({
            admission: z
                .strictObject({
                    /** Warn admits and tells the client; Deny refuses. Both also write an audit annotation. */
                    action: z.enum(ADMISSION_ACTIONS).default(d.admission.action),
                    allowedRegistries: z.array(registryHost).min(1).default([...DEFAULT_ALLOWED_REGISTRIES]),
                    /** Namespaces the policies skip, besides the cluster's system namespaces. */
                    exemptNamespaces: z.array(namespaceName).default([]),
                })
                .prefault({}),
            runtime: runtimeDetectionSchema(environment),
        })
        .prefault({});
}

export type GuardrailsConfig = z.output<ReturnType<typeof guardrailsSchema>>;
