import { expect } from "chai";
import { ajv, check } from "./ajv";
import { shareRepeated, type Schema } from "./walk";

describe("shareRepeated (one compiled copy of a repeated CRD subschema)", () => {
    const container: Schema = {
        type: "object",
        additionalProperties: false,
        properties: { name: { type: "string" }, ports: { type: "array", items: { type: "object", properties: { port: { type: "integer" } }, additionalProperties: false } } },
    };
    const schema: Schema = {
        type: "object",
        properties: {
            predictor: { type: "object", properties: { containers: { type: "array", items: container } } },
            transformer: { type: "object", properties: { containers: { type: "array", items: container }, replicas: { type: "integer" } } },
            other: { anyOf: [container, { type: "string" }] },
        },
    };

    it("moves the repeated subschema into definitions and leaves the input alone", () => {
        const before = JSON.stringify(schema);
        const shared = shareRepeated(schema, 150);
        expect(JSON.stringify(schema)).to.equal(before);
        const resolve = (x: Schema): Schema => (x.$ref ? shared.definitions[x.$ref.split("/")[2]] : x);
        const list = resolve(shared.properties.predictor.properties.containers);
        expect(shared.properties.transformer.properties.containers, "the repeated list schema").to.deep.equal(shared.properties.predictor.properties.containers);
        expect(list.items.$ref, "the container schema").to.match(/^#\/definitions\//);
        expect(shared.properties.other.anyOf[0]).to.deep.equal(list.items);
        expect(shareRepeated(schema).definitions, "below the size threshold nothing moves").to.equal(undefined);
    });

    it("accepts and rejects the same objects, with the same errors", () => {
        const original = ajv.compile(schema);
        const shared = ajv.compile(shareRepeated(schema, 150));
        const cases = [
            { predictor: { containers: [{ name: "a", ports: [{ port: 80 }] }] } },
            { transformer: { containers: [{ name: "a", ports: [{ port: "80" }], image: "x" }] } },
            { other: { name: 1 } },
            { other: "fine" },
        ];
        for (const data of cases) expect(check(shared, data), JSON.stringify(data)).to.deep.equal(check(original, data));
        expect(check(shared, cases[1]).join("\n")).to.match(/unknown field "image"/).and.match(/\/ports\/0\/port: must be integer/);
    });
});
