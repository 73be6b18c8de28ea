import { resourceRule } from "../../../lib/rule";
import { checkov, cisGke } from "../../../lib/references";

const CHANNELS = ["RAPID", "REGULAR", "STABLE", "EXTENDED"];

export default resourceRule({
    name: "gcp-gke-release-channel",
    description: "GKE clusters are enrolled in a release channel, so security patches arrive automatically.",
    category: "security",
    severity: "medium",
    enforcementLevel: "advisory",
    references: [cisGke("5.5.4"), checkov("CKV_GCP_70")],
    remediationSteps: "Set releaseChannel.channel to REGULAR or STABLE.",
    types: ["gcp:container/cluster:Cluster"],
    check: ({ props, report }) => {
        const channel = props.releaseChannel?.channel;
        if (!CHANNELS.includes(channel)) report(`The cluster is not on a release channel (${channel ?? "unset"}).`);
    },
});
