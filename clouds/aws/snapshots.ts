/**
 * Final-snapshot names for RDS and ElastiCache. A fixed name makes the second deletion of a
 * re-created instance fail (DBSnapshotAlreadyExists / SnapshotAlreadyExistsFault), because the
 * first deletion's snapshot is kept; a random suffix kept in state gives each life its own name.
 */
import * as pulumi from "@pulumi/pulumi";
import { RandomId } from "@pulumi/random";

export function finalSnapshotName(name: string, parent: pulumi.Resource): pulumi.Output<string> {
    const suffix = new RandomId(`${name}-final-snapshot`, { byteLength: 4 }, { parent });
    return pulumi.interpolate`${name}-final-${suffix.hex}`;
}
