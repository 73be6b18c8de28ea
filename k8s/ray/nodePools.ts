/**
 * The tolerations a Ray worker group needs to land on the stack's GPU or spot pool, from the
 * Foundation's taints. Taint keys differ by cloud (AKS sets its own spot taint), so a RayCluster
 * author reads them from this ConfigMap (or `kubectl get cm ray-node-pools -o yaml`) rather than
 * hard-coding one cloud's. A key is present only when the stack has that pool.
 */
import type { ClusterFacts, Taint } from "../../components/foundation";
import type { Toleration } from "../securityContext";

export function toleration(t: Taint): Toleration {
    return { key: t.key, operator: "Equal", value: t.value, effect: t.effect };
}

export function nodePoolScheduling(taints: ClusterFacts["taints"]): Record<string, string> {
    const out: Record<string, string> = {};
    if (taints.gpu) out["gpu-tolerations.json"] = JSON.stringify([toleration(taints.gpu)]);
    if (taints.spot) out["spot-tolerations.json"] = JSON.stringify([toleration(taints.spot)]);
    return out;
}
