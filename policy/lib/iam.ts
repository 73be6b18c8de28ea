/** Reading AWS IAM policy documents (as JSON strings or objects). */
import { asArray, parseDocument } from "./values";

export interface Statement {
    Effect?: string;
    Action?: string | string[];
    NotAction?: string | string[];
    Resource?: string | string[];
    Principal?: string | Record<string, string | string[]>;
    Condition?: Record<string, unknown>;
}

export function statements(document: unknown): Statement[] {
    return asArray<Statement>(parseDocument(document)?.Statement);
}

export function isAllow(s: Statement): boolean {
    return s.Effect === "Allow";
}

/** "*" or any AWS principal "*" (anonymous or any account). */
export function hasWildcardPrincipal(s: Statement): boolean {
    if (s.Principal === "*") return true;
    if (typeof s.Principal !== "object" || s.Principal === null) return false;
    return Object.values(s.Principal).some((v) => asArray(v).includes("*"));
}

export function grantsEverything(s: Statement): boolean {
    const actions = asArray<string>(s.Action);
    const resources = asArray<string>(s.Resource);
    return isAllow(s) && actions.some((a) => a === "*" || a === "*:*") && resources.includes("*");
}
