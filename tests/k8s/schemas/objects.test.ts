import { expect } from "chai";
import { CLOUDS } from "../../../components/config";
import { okPlan, STACKS } from "../../support/plans";
import { KNOWN_KINDS, kindOfType, NOT_OBJECTS } from "./kinds";
import { validateObject, type KubeObject } from "./objects";
import { crdBundles } from "./crds";
import { builtinKind } from "./kubernetes";

const isObject = (type: string) => type.startsWith("kubernetes:") && !NOT_OBJECTS.has(type);

describe("Kubernetes objects against their upstream schemas", () => {
    // The six plans may be computed (or awaited from the other worker) here, not inside one test's 60 s.
    before(async function () {
        this.timeout(600_000);
        for (const stack of STACKS) for (const cloud of CLOUDS) await okPlan(stack, cloud);
    });

    it("knows a schema for every kind it lists", () => {
        for (const [kind, source] of Object.entries(KNOWN_KINDS)) {
            const [apiVersion, k] = [kind.slice(0, kind.lastIndexOf("/")), kind.slice(kind.lastIndexOf("/") + 1)];
            if (source === "kubernetes") expect(builtinKind(apiVersion, k), kind).to.be.a("string");
            else expect(crdBundles().get(source)?.crds.has(kind), `${kind} in ${source}'s CRDs`).to.equal(true);
        }
    });

    for (const stack of STACKS) {
        for (const cloud of CLOUDS) {
            it(`${stack} on ${cloud}: every object validates, and every kind is known`, async () => {
                const p = await okPlan(stack, cloud);
                const objects = p.resources.filter((r) => isObject(r.type));
                expect(objects.length).to.be.greaterThan(10);
                const failures: string[] = [];
                for (const r of objects) {
                    const inputs = r.inputs as KubeObject;
                    expect(`${inputs.apiVersion}/${inputs.kind}`, r.urn).to.equal(kindOfType(r.type));
                    for (const e of validateObject(inputs)) failures.push(`${r.type} ${r.name}: ${e}`);
                }
                expect(failures, failures.join("\n")).to.deep.equal([]);
            });
        }
    }
});
