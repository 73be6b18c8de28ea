/** IPv4 CIDR arithmetic for deriving subnets from the configured network range. */

export interface Cidr {
    /** Network address as an unsigned 32-bit integer. */
    base: number;
    prefix: number;
}

const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

export function parseCidr(text: string): Cidr | undefined {
    const match = CIDR_PATTERN.exec(text);
    if (!match) return undefined;
    const octets = match.slice(1, 5).map(Number);
    const prefix = Number(match[5]);
    if (octets.some((o) => o > 255) || prefix > 32) return undefined;
    const base = octets.reduce((acc, o) => acc * 256 + o, 0);
    // Host bits must be zero: "10.0.0.1/16" is almost always a typo.
    if (base % 2 ** (32 - prefix) !== 0) return undefined;
    return { base, prefix };
}

export function isCidr(text: string): boolean {
    return parseCidr(text) !== undefined;
}

export function formatCidr({ base, prefix }: Cidr): string {
    const octets = [24, 16, 8, 0].map((shift) => Math.floor(base / 2 ** shift) % 256);
    return `${octets.join(".")}/${prefix}`;
}

/** The `index`-th subnet of `cidr` that is `newBits` longer (like Terraform's cidrsubnet). */
export function subnet(cidr: string, newBits: number, index: number): string {
    const parent = parseCidr(cidr);
    if (!parent) throw new Error(`not a CIDR: ${cidr}`);
    const prefix = parent.prefix + newBits;
    if (prefix > 32 || index < 0 || index >= 2 ** newBits) {
        throw new Error(`subnet ${index} of /${prefix} does not fit in ${cidr}`);
    }
    return formatCidr({ base: parent.base + index * 2 ** (32 - prefix), prefix });
}

export function overlaps(a: string, b: string): boolean {
    const x = parseCidr(a);
    const y = parseCidr(b);
    if (!x || !y) return false;
    const xEnd = x.base + 2 ** (32 - x.prefix);
    const yEnd = y.base + 2 ** (32 - y.prefix);
    return x.base < yEnd && y.base < xEnd;
}

/** True for 0.0.0.0/0 and any other range that opens a large part of the internet. */
export function isTooBroad(text: string): boolean {
    const parsed = parseCidr(text);
    return parsed !== undefined && parsed.prefix < 8;
}
