/** Names within GCP's length limits that stay the same from one run to the next. */
import { createHash } from "crypto";

/**
 * `parts` joined with "-", lowercased, limited to `max` characters. When too long, the tail is
 * replaced by a short hash of the full name, so distinct inputs keep distinct names.
 */
export function boundedName(parts: string[], max: number): string {
    const full = parts
        .join("-")
        .toLowerCase()
        .replace(/[^a-z0-9-]/g, "-")
        .replace(/-+/g, "-");
    if (full.length <= max) return full;
    const hash = createHash("sha256").update(full).digest("hex").slice(0, 6);
    return `${full.slice(0, max - hash.length - 1).replace(/-+$/, "")}-${hash}`;
}

/** A service account ID: 6-30 characters, a letter first, no trailing hyphen. */
export function serviceAccountId(parts: string[]): string {
    const id = boundedName(parts, 30);
    return /^[a-z]/.test(id) ? id : boundedName(["sa", ...parts], 30);
}
