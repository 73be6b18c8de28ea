/** Validates one captured Kubernetes object against the schema its kind is known by. */
import { check } from "./ajv";
import { crdValidator } from "./crds";
import { KNOWN_KINDS } from "./kinds";
import { builtinKind, definitionValidator } from "./kubernetes";

export interface KubeObject {
    apiVersion: string;
    kind: string;
    [field: string]: unknown;
}

/** Schema errors of an object; an unknown kind is an error too, never a skip. */
export function validateObject(obj: KubeObject): string[] {
    const kind = `${obj.apiVersion}/${obj.kind}`;
    const source = KNOWN_KINDS[kind];
    if (!source) return [`no schema is known for ${kind}: add it to schemas/manifest.json and tests/k8s/schemas/kinds.ts`];
    if (source === "kubernetes") {
        const name = builtinKind(obj.apiVersion, obj.kind);
        if (!name) return [`${kind} is not a kind of the cluster's Kubernetes version`];
        return check(definitionValidator(name), obj);
    }
    return check(crdValidator(source, kind), obj);
}
