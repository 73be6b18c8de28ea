import { resourceRule } from "../../lib/rule";
import { describeContainer, forEachContainer, WORKLOAD_TYPES, type Container } from "../../lib/kubernetes";
import { checkov } from "../../lib/references";

const GPU = "nvidia.com/gpu";

function problems(c: Container): string[] {
    const requests = c.resources?.requests ?? {};
    const limits = c.resources?.limits ?? {};
    const found: string[] = [];
    if (requests.cpu === undefined) found.push("no CPU request");
    if (requests.memory === undefined) found.push("no memory request");
    if (limits.memory === undefined) found.push("no memory limit");
    const gpu = limits[GPU];
    if (gpu !== undefined && !/^[1-9]\d*$/.test(String(gpu))) found.push(`GPU limit ${gpu} is not a whole number`);
    if (requests[GPU] !== undefined && String(requests[GPU]) !== String(gpu)) found.push("GPU request differs from its limit");
    return found;
}

/** Memory limits stop one pod's leak from evicting its neighbours; CPU limits are optional. */
export default resourceRule({
    name: "k8s-container-resources",
    description: "Containers request CPU and memory, limit memory, and request whole GPUs.",
    category: "availability",
    severity: "medium",
    references: [checkov("CKV_K8S_10"), checkov("CKV_K8S_11"), checkov("CKV_K8S_12"), checkov("CKV_K8S_13")],
    remediationSteps: "Set resources.requests.cpu, requests.memory and limits.memory; GPU limits as whole numbers (requests equal to limits).",
    types: WORKLOAD_TYPES,
    check: ({ type, props, report }) => {
        forEachContainer(type, props, (c) => {
            if (c.kind === "ephemeral") return;
            const found = problems(c);
            if (found.length > 0) report(`${describeContainer(c)}: ${found.join("; ")}.`);
        });
    },
});
