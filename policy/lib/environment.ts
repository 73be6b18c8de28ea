/**
 * Which environment a stack is. Policy config wins (each committed config file names it), then the
 * stack's `environment` tag; with neither, a rule assumes production, the stricter answer.
 */
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";

export type Environment = "staging" | "production";

export const ENVIRONMENT_SCHEMA: PolicyConfigJSONSchema = {
    type: "string",
    enum: ["staging", "production"],
    description: "The stack's environment; production-only expectations apply when this is production.",
};

export function environmentOf(configured: string | undefined, stackTags: ReadonlyMap<string, string>): Environment {
    const value = configured ?? stackTags.get("environment");
    return value === "staging" ? "staging" : "production";
}
