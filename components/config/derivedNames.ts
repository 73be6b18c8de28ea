/**
 * Cloud names the program derives from the project and stack name alone, with each cloud's
 * documented length and character rules (sources in docs/cloud-constraints.md, NAME- rows).
 * Checked before any resource is registered, so a long or odd stack name is refused as config
 * instead of failing halfway through a real deployment. Names the program shortens itself
 * (GCP's boundedName, Azure's compactName) are not listed.
 */
import type { Cloud } from "./environment";

interface DerivedName {
    cloud: Cloud;
    what: string;
    derive: (project: string, stack: string) => string;
    max: number;
    valid: RegExp;
    chars: string;
}

// Letters, digits and hyphens; a letter first; no trailing or doubled hyphen (ElastiCache and RDS).
const AWS_IDENTIFIER = /^[a-zA-Z](-?[a-zA-Z0-9])*$/;
const AWS_CHARS = "letters, digits and single hyphens, starting with a letter (no '_' or '.')";

export const DERIVED_NAMES: readonly DerivedName[] = [
    { cloud: "aws", what: "ElastiCache replication group id", derive: (p, s) => `${p}-${s}-redis`, max: 40, valid: AWS_IDENTIFIER, chars: AWS_CHARS },
    { cloud: "aws", what: "RDS instance identifier", derive: (p, s) => `${p}-${s}-postgres`, max: 63, valid: AWS_IDENTIFIER, chars: AWS_CHARS },
];

/** One problem per derived name the stack name breaks, naming the limit. */
export function derivedNameProblems(cloud: Cloud, project: string, stack: string): string[] {
    return DERIVED_NAMES.filter((d) => d.cloud === cloud).flatMap((d) => {
        const name = d.derive(project, stack);
        const problems: string[] = [];
        if (name.length > d.max) {
            const room = d.max - (name.length - stack.length);
            problems.push(`the stack name "${stack}": gives the ${d.what} "${name}" (${name.length} characters), at most ${d.max} allowed; use a stack name of at most ${room} characters`);
        }
        if (!d.valid.test(name)) problems.push(`the stack name "${stack}": gives the ${d.what} "${name}", which may hold only ${d.chars}`);
        return problems;
    });
}
