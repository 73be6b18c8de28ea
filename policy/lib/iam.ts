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

/** "*", "*:*" or "<service>:*": every action, or every action of one service. */
export function serviceWideActions(s: Statement): string[] {
    return asArray<string>(s.Action).filter((a) => a === "*" || /^[a-z0-9-]+:\*$/i.test(a));
}

/** Resource "*" (or NotResource, which is everything but a list). */
export function coversAllResources(s: Statement & { NotResource?: unknown }): boolean {
    return asArray<string>(s.Resource).includes("*") || s.NotResource !== undefined;
}

/** The service prefix of an action ("s3:GetObject" -> "s3"). */
export function serviceOf(action: string): string {
    return action.split(":")[0].toLowerCase();
}

/** Trusts a Kubernetes service account: IRSA (web identity) or EKS Pod Identity. */
export function isWorkloadTrust(document: unknown): boolean {
    return statements(document).some((s) => {
        const services = asArray<string>(typeof s.Principal === "object" && s.Principal !== null ? (s.Principal as Record<string, unknown>).Service : undefined);
        return asArray(s.Action).includes("sts:AssumeRoleWithWebIdentity") || services.includes("pods.eks.amazonaws.com");
    });
}
