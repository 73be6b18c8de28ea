import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { capture, type CapturedResource } from "../../automation/capture";
import { component, type ObservabilitySink } from "../../k8s/component";
import { K8sComponent, type K8sContext } from "../../k8s/context";
import { Layer } from "../../k8s/layer";
import type { Foundation } from "../../components/foundation";
import type { PlatformLayerSpec } from "../../k8s/context";

/**
 * The worked example of k8s/README.md: components declared here, in no file of the kit, and the
 * layer's builders pick up their namespaces, flows, alert rules and dashboards.
 */
class Box extends K8sComponent {
    constructor(type: string, name: string, ctx: K8sContext, opts: pulumi.ComponentResourceOptions) {
        super(type, name, ctx, opts);
        this.registerOutputs({});
    }
}

/** A scraper that hosts every component's alert rules and dashboards. */
const scraper = component({
    name: "scraper",
    namespaces: [{ key: "scraper", name: "scraper", podSecurity: "restricted", mesh: "disabled", accepts: [], egress: [] }],
    install: ({ name, ctx, opts }) => {
        const box = new Box("Scraper", name, ctx, opts);
        const observability: ObservabilitySink = { parent: box, rules: { parent: box }, dashboards: { parent: box }, namespace: ctx.ns.scraper, ruleLabels: { release: "scraper" } };
        return { observability };
    },
});

/** The new component: accepts calls from `client` on 7000, is scraped on 9000, has one alert and one dashboard. */
const echo = component({
    name: "echo",
    namespaces: [
        {
            key: "echo",
            name: "echo",
            podSecurity: "restricted",
            mesh: "disabled",
            accepts: [
                { name: "clients", peers: [{ namespace: "client" }], ports: [7000], callerRule: "echo" },
                { name: "scrape", peers: [{ namespace: "scraper" }], ports: [9000] },
            ],
            egress: [{ name: "api-server", peers: [{ clusterEdge: "control-plane" }], ports: [443] }],
        },
    ],
    alerts: [{ name: "echo.availability", interval: "1m", rules: [{ alert: "EchoDown", expr: 'up{namespace="echo"} == 0', for: "5m", severity: "critical", summary: "Echo is down", description: "No echo target is up." }] }],
    dashboards: [{ uid: "echo", title: "Echo", panels: [] }],
    install: ({ name, ctx, deps, opts }: { name: string; ctx: K8sContext; deps: { after: pulumi.Resource }; opts: pulumi.ComponentResourceOptions }) =>
        new Box("Echo", name, ctx, { ...opts, dependsOn: [deps.after] }),
});

/** Switched off by the stack: installs nothing, but its namespace and policies exist. */
const client = component({
    name: "client",
    namespaces: [{ key: "client", name: "client", podSecurity: "restricted", mesh: "disabled", accepts: [], egress: [] }],
    enabled: () => false,
    install: ({ name, ctx, opts }) => new Box("Client", name, ctx, opts),
});

const foundation = {
    cluster: { provider: undefined, kubernetesVersion: "1.35", network: { identityEndpoints: [] } },
} as unknown as Foundation;
const spec = { project: "p", stack: "s", environment: "staging", tags: {}, platform: {} } as unknown as PlatformLayerSpec;

class Root extends pulumi.ComponentResource {
    constructor() {
        super("test:index:Root", "root", {});
        this.registerOutputs({});
    }
}

async function planExample(): Promise<CapturedResource[]> {
    const result = await capture({ project: "p", stack: "s", config: {} }, async () => {
        const layer = new Layer(foundation, spec, { parent: new Root() });
        const sink = layer.add(scraper, {})!;
        layer.add(echo, { after: sink.observability.parent });
        layer.add(client, {});
        layer.finish();
    });
    if (result.error) throw result.error;
    return result.resources;
}

const named = (resources: CapturedResource[], name: string) => resources.find((r) => r.name === name)?.inputs as Record<string, any> | undefined;

describe("adding a component (k8s/README.md's example)", () => {
    let resources: CapturedResource[];
    before(async () => {
        resources = await planExample();
    });

    it("creates its namespace with PSA labels, and the namespace of a component the stack turns off", () => {
        const ns = named(resources, "echo")!;
        expect(ns.metadata.labels["pod-security.kubernetes.io/enforce"]).to.equal("restricted");
        expect(named(resources, "client"), "switched-off component's namespace").to.not.equal(undefined);
        expect(resources.some((r) => r.type === "mlplatform:k8s:Client")).to.equal(false);
    });

    it("turns its accepted flows into its ingress, and derives the caller's egress", () => {
        const ingress = named(resources, "echo-allow-ingress")!;
        expect(ingress.metadata.annotations["ml-platform/flows"]).to.equal("clients,scrape");
        expect(ingress.spec.ingress[0]).to.deep.equal({ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "client" } } }], ports: [{ protocol: "TCP", port: 7000 }] });
        const callerEgress = named(resources, "client-allow-egress")!;
        expect(callerEgress.metadata.annotations["ml-platform/flows"]).to.equal("echo");
        expect(callerEgress.spec.egress).to.deep.equal([{ to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "echo" } } }], ports: [{ protocol: "TCP", port: 7000 }] }]);
        expect(named(resources, "scraper-allow-egress")!.spec.egress[0].ports).to.deep.equal([{ protocol: "TCP", port: 9000 }]);
        expect(named(resources, "echo-default-deny")).to.not.equal(undefined);
    });

    it("puts its alert rules in the one PrometheusRule and its dashboard in a ConfigMap, under the sink", () => {
        const rule = resources.find((r) => r.name === "ml-platform-alerts")!;
        expect((rule.inputs as any).spec.groups.map((g: { name: string }) => g.name)).to.deep.equal(["echo.availability"]);
        const scraperBox = resources.find((r) => r.type === "mlplatform:k8s:Scraper")!;
        expect(rule.parent).to.equal(scraperBox.urn);
        expect(resources.find((r) => r.name === "dashboard-echo")!.parent).to.equal(scraperBox.urn);
    });

    it("refuses a component that reads a namespace no component added before it declares", async () => {
        const early = component({ name: "early", namespaces: [], install: ({ ctx }) => ctx.ns.later });
        const result = await capture({ project: "p", stack: "s", config: {} }, async () => {
            const layer = new Layer(foundation, spec, { parent: new Root() });
            layer.add(early, {});
        });
        expect(String(result.error)).to.match(/namespace "later" is not declared by any component added so far/);
    });

    it("receives its dependencies from the composition", () => {
        // The engine expands a dependency on a component into its resources: the sink's rule and dashboard.
        const echoBox = resources.find((r) => r.type === "mlplatform:k8s:Echo")!;
        const scraperBox = resources.find((r) => r.type === "mlplatform:k8s:Scraper")!;
        const scraperChildren = resources.filter((r) => r.parent === scraperBox.urn).map((r) => r.urn);
        expect(echoBox.dependencies).to.not.be.empty;
        for (const dep of echoBox.dependencies) expect([scraperBox.urn, ...scraperChildren]).to.include(dep);
    });
});
