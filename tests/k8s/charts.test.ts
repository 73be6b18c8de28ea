import { expect } from "chai";
import { CHARTS } from "./charts";

describe("chart pins", () => {
    it("pins every chart to one exact version", () => {
        for (const [name, ref] of Object.entries(CHARTS)) expect(ref.version, name).to.match(/^v?\d+\.\d+\.\d+$/);
    });

    it("takes every OCI chart without a repository and every other chart from one", () => {
        for (const [name, ref] of Object.entries(CHARTS)) expect(ref.chart.startsWith("oci://"), name).to.equal(!("repo" in ref));
    });
});
