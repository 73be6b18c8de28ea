/**
 * Assembles the platform layer from components: `add` creates a component's namespaces and
 * connection objects, then installs it (if the stack turns it on); `finish` builds, from every
 * declaration, the NetworkPolicies of each namespace, the one PrometheusRule and the dashboards.
 */
import * as pulumi from "@pulumi/pulumi";
import { prometheusRule, type AlertGroup } from "./alertRules";
import type { MeshedFlows, NamespaceDeclaration, ObservabilitySink, PlatformComponent } from "./component";
import { ConnectionSecrets } from "./connectionSecrets";
import { k8sContext, platformLabels, type K8sContext, type PlatformLayerSpec } from "./context";
import { dashboardConfigMaps, type Dashboard } from "./dashboards";
import type { Foundation } from "../components/foundation";
import { Namespaces } from "./namespaceBuilder";
import { NetworkPolicies } from "./networkPolicyBuilder";

/** A component that only groups the layer's parts in the resource tree. */
class PlatformLayer extends pulumi.ComponentResource {
    constructor(name: string, opts: pulumi.ComponentResourceOptions) {
        super("mlplatform:k8s:PlatformLayer", name, {}, opts);
        this.registerOutputs({});
    }
}

/**
 * `ctx.ns`, filled as components are added: reading a namespace no component added so far declares
 * is a composition error (a component listed before the one that owns the namespace), not undefined.
 */
function namespaceRegistry(): Record<string, pulumi.Output<string>> {
    return new Proxy({} as Record<string, pulumi.Output<string>>, {
        get(target, key) {
            if (typeof key === "string" && !(key in target)) {
                throw new Error(`namespace "${key}" is not declared by any component added so far: add the component that declares it earlier in k8s/index.ts`);
            }
            return Reflect.get(target, key);
        },
    });
}

export class Layer {
    readonly name: string;
    readonly ctx: K8sContext;
    readonly secrets: ConnectionSecrets;
    private readonly parent: pulumi.ComponentResourceOptions;
    private readonly namespaces: Namespaces;
    private readonly policies: NetworkPolicies;
    private readonly meshed: MeshedFlows[] = [];
    private readonly alerts: AlertGroup[] = [];
    private readonly dashboards: Dashboard[] = [];
    private readonly names = new Set<string>();
    private sink?: ObservabilitySink;

    constructor(foundation: Foundation, spec: PlatformLayerSpec, opts: { parent: pulumi.Resource }) {
        this.name = `${spec.project}-${spec.stack}`;
        const layer = new PlatformLayer(this.name, { parent: opts.parent });
        this.parent = { parent: layer };
        this.namespaces = new Namespaces(
            this.name,
            { provider: foundation.cluster.provider, kubernetesVersion: foundation.cluster.kubernetesVersion, labels: platformLabels({ spec }) },
            this.parent,
        );
        this.ctx = k8sContext(foundation, spec, namespaceRegistry());
        this.policies = new NetworkPolicies(this.name, this.ctx, this.parent);
        this.secrets = new ConnectionSecrets(this.name, this.ctx, this.parent);
    }

    /** Every namespace the components added so far declare (for components that judge the others, e.g. admission scope). */
    get declaredNamespaces(): readonly NamespaceDeclaration[] {
        return this.namespaces.declarations;
    }

    /** Declares and installs one component; returns what its install returns (undefined when the stack turns it off). */
    add<D, O>(component: PlatformComponent<D, O>, deps: D): O | undefined {
        if (this.names.has(component.name)) throw new Error(`component ${component.name} is added twice`);
        this.names.add(component.name);
        const enabled = !component.enabled || component.enabled(this.ctx);
        for (const ns of component.namespaces) {
            this.ctx.ns[ns.key] = this.namespaces.add(ns);
            // Credentials only where a workload reads them: a switched-off component's namespace gets none.
            if (ns.connections && enabled) this.secrets.add(ns, ns.connections);
        }
        if (component.meshed) this.meshed.push(component.meshed);
        this.alerts.push(...(component.alerts ?? []));
        this.dashboards.push(...(component.dashboards ?? []));
        if (!enabled) return undefined;
        const out = component.install({ name: this.name, ctx: this.ctx, deps, opts: this.parent });
        const sink = (out as { observability?: ObservabilitySink } | undefined)?.observability;
        if (sink) this.sink = sink;
        return out;
    }

    /** After the last component: policies for every declared namespace, and the gathered rules and dashboards. */
    finish(): void {
        this.policies.build(this.namespaces.declarations as NamespaceDeclaration[], this.meshed);
        if (this.alerts.length + this.dashboards.length === 0) return;
        if (!this.sink) throw new Error("components declare alert rules or dashboards, but no component provides an observability sink");
        const { sink } = this;
        prometheusRule(this.alerts, { namespace: sink.namespace, labels: platformLabels(this.ctx, sink.ruleLabels) }, sink.rules);
        dashboardConfigMaps(this.dashboards, { namespace: sink.namespace, labels: platformLabels(this.ctx, { grafana_dashboard: "1" }) }, sink.dashboards);
    }
}
