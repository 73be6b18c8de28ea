/**
 * GCP's two ranges beyond the VPC, pod and service ranges: the GKE control plane's /28 and the
 * range reserved for private services access (Cloud SQL, Memorystore). All five must be pairwise
 * disjoint (GCP-V2). Unset, each takes its usual default unless that overlaps another range of
 * the stack, and then the first free block after it, so no default can collide with a VPC.
 */
import { formatCidr, overlaps, parseCidr } from "../cidr";
import type { Problem, ResolvedConfig, Rule } from "../rule";

export const DEFAULT_MASTER_CIDR = "172.16.0.0/28";
export const DEFAULT_PRIVATE_SERVICES_CIDR = "10.100.0.0/16";

export interface GcpRangeInputs {
    cidr: string;
    podCidr: string;
    serviceCidr: string;
    masterCidr?: string;
    privateServicesCidr?: string;
}

/** Blocks of `prefix` bits from `start` to the end of `within`, then from the start of `within`. */
function* blocks(start: string, prefix: number, within: string): Generator<string> {
    const outer = parseCidr(within)!;
    const first = parseCidr(start)!.base;
    const size = 2 ** (32 - prefix);
    const end = outer.base + 2 ** (32 - outer.prefix);
    for (let base = first; base < end; base += size) yield formatCidr({ base, prefix });
    for (let base = outer.base; base < first; base += size) yield formatCidr({ base, prefix });
}

function firstFree(candidates: Iterable<string>, taken: readonly string[]): string | undefined {
    for (const candidate of candidates) if (!taken.some((t) => overlaps(candidate, t))) return candidate;
    return undefined;
}

/** The two ranges, as given or derived. */
export function gcpRanges(r: GcpRangeInputs): { masterCidr: string; privateServicesCidr: string } {
    const common = [r.cidr, r.podCidr, r.serviceCidr];
    const privateServicesCidr =
        r.privateServicesCidr ??
        firstFree(
            (function* () {
                yield* blocks(DEFAULT_PRIVATE_SERVICES_CIDR, 16, "10.0.0.0/8");
                yield* blocks("172.16.0.0/16", 16, "172.16.0.0/12");
            })(),
            [...common, r.masterCidr ?? DEFAULT_MASTER_CIDR],
        ) ??
        DEFAULT_PRIVATE_SERVICES_CIDR;
    const masterCidr =
        r.masterCidr ??
        firstFree(
            (function* () {
                yield* blocks(DEFAULT_MASTER_CIDR, 28, "172.16.0.0/12");
                yield* blocks("192.168.0.0/28", 28, "192.168.0.0/16");
            })(),
            [...common, privateServicesCidr],
        ) ??
        DEFAULT_MASTER_CIDR;
    return { masterCidr, privateServicesCidr };
}

type WithRanges = ResolvedConfig & { network: { cidr: string; podCidr: string; serviceCidr: string } };

/** Each of the two ranges against the three common ones and each other, named by its key. */
export const gcpRangeProblems: Rule[] = (["masterCidr", "privateServicesCidr"] as const).map((key) => (c: ResolvedConfig): Problem | undefined => {
    if (!c.gcp) return undefined;
    const { network } = c as WithRanges;
    const ranges = gcpRanges({ ...network, masterCidr: c.gcp.masterCidr, privateServicesCidr: c.gcp.privateServicesCidr });
    const others: [string, string][] = [
        ["network.cidr", network.cidr],
        ["network.podCidr", network.podCidr],
        ["network.serviceCidr", network.serviceCidr],
        ...(key === "privateServicesCidr" ? ([["gcp.masterCidr", ranges.masterCidr]] as [string, string][]) : []),
    ];
    const clash = others.find(([, range]) => overlaps(ranges[key], range));
    if (!clash) return undefined;
    return {
        path: ["gcp", key],
        message: `${ranges[key]} overlaps ${clash[0]} ${clash[1]}: GKE's control plane, private services access and the VPC, pod and service ranges must not overlap`,
    };
});
