/**
 * The kit a component with credentials of its own uses (Airflow's database user, issue 18): the
 * entry written through the Foundation's secret store, synced into its namespace through a store
 * whose reader identity is asked for exactly that entry; and the composition errors when the
 * operator is not installed first or a store is filled twice. Planned with a fake Foundation.
 */
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { capture, type CapturedResource } from "../../../automation/capture";
import type { Foundation, IdentityRequest, SecretStoreEntry } from "../../../components/foundation";
import { component } from "../../../k8s/component";
import type { PlatformLayerSpec } from "../../../k8s/context";
import { Layer } from "../../../k8s/layer";

class Root extends pulumi.ComponentResource {
    constructor(name = "root") {
        super("test:index:Root", name, {});
        this.registerOutputs({});
    }
}

function fakeFoundation(requests: IdentityRequest[]): Foundation {
    const entry = (name: string, properties: string[]): SecretStoreEntry => ({
        name,
        key: pulumi.output(`stack/${name}`),
        id: pulumi.output(`id-${name}`),
        properties,
        ready: new Root(`entry-${name}`),
    });
    return {
        cluster: { provider: undefined, kubernetesVersion: "1.35", network: { identityEndpoints: [] } },
        database: { host: pulumi.output("db"), port: pulumi.output(5432), name: "mlflow", sslMode: "require" },
        cache: { host: pulumi.output("cache"), port: pulumi.output(6380) },
        secretStore: {
            provider: { kind: "awsSecretsManager", region: "us-east-1" },
            database: entry("database", ["username", "password"]),
            cache: entry("cache", ["authToken"]),
            put: (name: string, values: Record<string, unknown>) => entry(name, Object.keys(values)),
        },
        workloadIdentity: (r: IdentityRequest) => {
            requests.push(r);
            return { serviceAccountAnnotations: pulumi.output({ "eks.amazonaws.com/role-arn": `arn:${r.namespace}:${r.serviceAccount}` }), podLabels: {} };
        },
    } as unknown as Foundation;
}

const spec = { project: "p", stack: "s", environment: "staging", tags: {}, platform: {} } as unknown as PlatformLayerSpec;
const operator = component({ name: "operator", namespaces: [], install: ({ deps }: { deps: { layer: Layer } }) => deps.layer.secrets.attach([new Root("operator")]) });
/** Airflow-like: its own database user, plus the platform's cache through `connections`. */
const airflowLike = component({
    name: "airflowLike",
    namespaces: [{ key: "airflow", name: "airflow", podSecurity: "restricted", mesh: "disabled", accepts: [], egress: [], connections: ["cache"] }],
    install: ({ ctx, deps }: { ctx: import("../../../k8s/context").K8sContext; deps: { layer: Layer; store?: string } }) => {
        const entry = ctx.foundation.secretStore.put("airflow-database", { username: "airflow", password: pulumi.secret("p") });
        return deps.layer.secrets.sync({ key: "airflow", name: "airflow" }, [{ name: "airflow-database", entry, keys: { user: "username", pass: "password" } }], deps.store);
    },
});

async function planWith(build: (layer: Layer) => void): Promise<{ resources: CapturedResource[]; error?: Error }> {
    const result = await capture({ project: "p", stack: "s", config: {} }, async () => {
        const layer = new Layer(fakeFoundation([]), spec, { parent: new Root() });
        build(layer);
    });
    return result;
}

describe("the secret-sync kit for a component's own credentials", () => {
    it("syncs a put entry through a store of the component's own, whose reader is asked for exactly that entry", async () => {
        const requests: IdentityRequest[] = [];
        const result = await capture({ project: "p", stack: "s", config: {} }, async () => {
            const layer = new Layer(fakeFoundation(requests), spec, { parent: new Root() });
            layer.add(operator, { layer });
            layer.add(airflowLike, { layer, store: "airflow-secrets" });
        });
        if (result.error) throw result.error;
        const stores = result.resources.filter((r) => r.type === "kubernetes:external-secrets.io/v1:SecretStore").map((r) => (r.inputs.metadata as { name: string }).name);
        expect(stores).to.have.members(["platform-secrets", "airflow-secrets"]);
        const synced = result.resources.find((r) => r.type === "kubernetes:external-secrets.io/v1:ExternalSecret" && (r.inputs.metadata as { name: string }).name === "airflow-database")!;
        expect((synced.inputs.spec as any).secretStoreRef).to.deep.equal({ kind: "SecretStore", name: "airflow-secrets" });
        expect((synced.inputs.spec as any).data).to.deep.equal([
            { secretKey: "user", remoteRef: { key: "stack/airflow-database", property: "username" } },
            { secretKey: "pass", remoteRef: { key: "stack/airflow-database", property: "password" } },
        ]);
        const asked = requests.map((r) => ({ sa: r.serviceAccount, entries: "entries" in r ? r.entries.map((e) => e.name) : [] }));
        expect(asked).to.deep.equal([
            { sa: "platform-secrets-reader", entries: ["cache"] },
            { sa: "airflow-secrets-reader", entries: ["airflow-database"] },
        ]);
    });

    it("refuses to fill one store twice, naming the namespace and the store", async () => {
        const result = await planWith((layer) => {
            layer.add(operator, { layer });
            layer.add(airflowLike, { layer });
        });
        expect(result.error?.message).to.match(/namespace airflow syncs through store platform-secrets twice/);
    });

    it("refuses a namespace with connections added before the operator", async () => {
        const result = await planWith((layer) => {
            layer.add(airflowLike, { layer, store: "airflow-secrets" });
        });
        expect(result.error?.message).to.match(/External Secrets Operator is not installed yet: add the externalSecrets component earlier/);
    });
});
