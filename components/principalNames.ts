/**
 * Logical names for resources made once per user-given principal (cluster admins). A readable part
 * alone collides (role/admin in two accounts, role/ops and user/ops, user:a.b@ and user:a-b@), so
 * every name ends in a short hash of the whole principal. Stacks planned before the hash keep their
 * state: where the readable name was unique in the list, it stays as an alias.
 */
import { createHash } from "crypto";

export interface PrincipalName {
    principal: string;
    name: string;
    /** The former name, for `aliases`, when it named this principal alone. */
    aliases: { name: string }[];
}

export function principalHash(principal: string): string {
    return createHash("sha256").update(principal.toLowerCase()).digest("hex").slice(0, 8);
}

export function principalNames(prefix: string, principals: readonly string[], readable: (principal: string) => string): PrincipalName[] {
    const former = principals.map((p) => `${prefix}-${readable(p)}`);
    const count = (n: string) => former.filter((f) => f === n).length;
    return principals.map((principal, i) => ({
        principal,
        name: `${former[i]}-${principalHash(principal)}`,
        aliases: count(former[i]) === 1 ? [{ name: former[i] }] : [],
    }));
}
