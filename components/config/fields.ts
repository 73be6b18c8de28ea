/** Reusable field schemas shared by the common and per-cloud config sections. */
import { z } from "zod";
import { isCidr, isTooBroad, parseCidr } from "./cidr";

// abort: a value that is not a CIDR gets this one message, not also the prefix or breadth checks chained on it.
export const cidr = z.string().refine(isCidr, {
    message: "expected an IPv4 CIDR with zero host bits, e.g. 10.0.0.0/16",
    abort: true,
});

export function cidrWithPrefix(min: number, max: number) {
    return cidr.refine(
        (c) => {
            const prefix = parseCidr(c)?.prefix ?? -1;
            return prefix >= min && prefix <= max;
        },
        { message: min === max ? `expected a /${min} range` : `expected a prefix between /${min} and /${max}` },
    );
}

/** A CIDR allowed to reach a cluster API: never the whole internet. */
export const allowedCidr = cidr.refine((c) => !isTooBroad(c), {
    message: "must not open the API endpoint to the internet (0.0.0.0/0 or any prefix shorter than /8)",
});

/** Tag and label values must be valid on every cloud; GCP labels are the strictest. */
export const labelValue = z
    .string()
    .regex(/^[a-z0-9]([a-z0-9_-]{0,61}[a-z0-9])?$/, {
        message: "expected lowercase letters, digits, '-' or '_' (at most 63 characters), so it is a valid GCP label and AWS/Azure tag",
    });

export const uuid = z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, {
    message: "expected a GUID such as 00000000-0000-0000-0000-000000000000",
});

/** Retention periods CloudWatch Logs accepts; the other clouds accept all of them too. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;
export const logRetentionDays = z
    .number()
    .int()
    .refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), {
        message: `expected one of ${LOG_RETENTION_DAYS.join(", ")}`,
    });
