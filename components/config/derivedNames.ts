/**
 * Cloud names the program derives from the project and stack name alone, with each cloud's
 * documented length and character rules (sources in docs/cloud-constraints.md, NAME- rows).
 * Checked before any resource is registered, so a long or odd stack name is refused as config
 * instead of failing halfway through a real deployment. Per cloud only the binding names are
 * listed: the longest name of each character class. Names the program shortens itself (GCP's
 * boundedName, Azure's compactName) always fit and are not listed.
 */
import type { Cloud } from "./environment";

interface DerivedName {
    cloud: Cloud;
    what: string;
    derive: (project: string, stack: string) => string;
    /** Characters Pulumi's auto-naming appends ("-" and 7 random characters); 0 for an explicit name. */
    suffix?: number;
    max: number;
    valid: RegExp;
    chars: string;
}

/** Pulumi's auto-name: the logical name, "-" and 7 random characters. */
const AUTO_NAME_SUFFIX = 8;

// Letters, digits and hyphens; a letter first; no trailing or doubled hyphen (ElastiCache and RDS).
const AWS_IDENTIFIER = /^[a-zA-Z](-?[a-zA-Z0-9])*$/;
const AWS_CHARS = "letters, digits and single hyphens, starting with a letter (no '_' or '.')";
// RFC 1035 labels as Compute Engine, Cloud SQL and GCS names require them: lowercase only.
const GCP_NAME = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const GCP_CHARS = "lowercase letters, digits and hyphens, starting with a letter (no capitals, '_' or '.')";
// PostgreSQL flexible server: lowercase; Managed Redis: no doubled hyphen. Together:
const AZURE_NAME = /^[a-z](-?[a-z0-9])*$/;
const AZURE_CHARS = "lowercase letters, digits and single hyphens, starting with a letter (no capitals, '_' or '.')";

export const DERIVED_NAMES: readonly DerivedName[] = [
    { cloud: "aws", what: "ElastiCache replication group id", derive: (p, s) => `${p}-${s}-redis`, max: 40, valid: AWS_IDENTIFIER, chars: AWS_CHARS },
    { cloud: "aws", what: "RDS instance identifier", derive: (p, s) => `${p}-${s}-postgres`, max: 63, valid: AWS_IDENTIFIER, chars: AWS_CHARS },
    // The longest Compute Engine name (network, subnetwork, router and address names are shorter).
    { cloud: "gcp", what: "Compute Engine firewall name", derive: (p, s) => `${p}-${s}-control-plane-webhooks`, max: 63, valid: GCP_NAME, chars: GCP_CHARS },
    // The `stack` label every resource carries.
    { cloud: "gcp", what: "label value", derive: (_p, s) => s, max: 63, valid: /^[a-z0-9_-]*$/, chars: "lowercase letters, digits, '_' and '-'" },
    { cloud: "azure", what: "PostgreSQL flexible server name", derive: (p, s) => `${p}-${s}-postgres`, suffix: AUTO_NAME_SUFFIX, max: 63, valid: AZURE_NAME, chars: AZURE_CHARS },
    { cloud: "azure", what: "Azure Managed Redis name", derive: (p, s) => `${p}-${s}-redis`, suffix: AUTO_NAME_SUFFIX, max: 60, valid: AZURE_NAME, chars: AZURE_CHARS },
    { cloud: "azure", what: "AKS DNS prefix", derive: (p, s) => `${p}-${s}`, max: 54, valid: /^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?$/, chars: "letters, digits and hyphens, starting and ending with a letter or digit" },
];

/** One problem per derived name the stack name breaks, naming the limit. */
export function derivedNameProblems(cloud: Cloud, project: string, stack: string): string[] {
    return DERIVED_NAMES.filter((d) => d.cloud === cloud).flatMap((d) => {
        const name = d.derive(project, stack);
        const suffix = d.suffix ?? 0;
        const length = name.length + suffix;
        const problems: string[] = [];
        if (length > d.max) {
            const room = d.max - (length - stack.length);
            const generated = suffix > 0 ? ` plus the ${suffix}-character suffix Pulumi's auto-naming adds` : "";
            problems.push(`the stack name "${stack}": gives the ${d.what} "${name}"${generated} (${length} characters), at most ${d.max} allowed; use a stack name of at most ${room} characters`);
        }
        if (!d.valid.test(name)) problems.push(`the stack name "${stack}": gives the ${d.what} "${name}", which may hold only ${d.chars}`);
        return problems;
    });
}
