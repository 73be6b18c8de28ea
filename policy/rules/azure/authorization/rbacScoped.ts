import type { PolicyResource } from "@pulumi/policy";
import { stackRule } from "../../../lib/rule";
import { known } from "../../../lib/unknown";
import { asArray, asRecord } from "../../../lib/values";
import { cisAzure } from "../../../lib/references";

const ASSIGNMENT = "azure-native:authorization:RoleAssignment";
const DEFINITION = "azure-native:authorization:RoleDefinition";
const RESOURCE_GROUP = "azure-native:resources:ResourceGroup";

/** Built-in roles that administer everything in their scope (Owner, Contributor, User Access Administrator, RBAC Administrator). */
const ADMIN_ROLES: Record<string, string> = {
    "8e3af657-a8ff-443c-a75c-2fe8c4bcb635": "Owner",
    "b24988ac-6180-42a0-ab88-20f7382dd24c": "Contributor",
    "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9": "User Access Administrator",
    "f58310d9-a9f6-439a-9e8d-f62e7b41a168": "Role Based Access Control Administrator",
};

/** "/", a management group, a subscription or a resource group: scopes wider than one resource. */
const WIDE_SCOPE = /^(\/|\/providers\/Microsoft\.Management\/managementGroups\/[^/]+|\/subscriptions\/[^/]+(\/resourceGroups\/[^/]+)?)\/?$/i;

/** "*" or "Microsoft.<Service>/*": every action of every or one resource provider. */
const isServiceWide = (action: string) => action === "*" || /^Microsoft\.[A-Za-z]+\/\*$/i.test(action);

/** A custom role of this stack whose every permission is a control-plane read (".../read"). */
function readOnlyCustomRole(d: PolicyResource): boolean {
    const permissions = asArray<Record<string, unknown>>(known(() => d.props.permissions)).map(asRecord);
    const actions = permissions.flatMap((p) => asArray<string>(p.actions));
    const dataActions = permissions.flatMap((p) => asArray<string>(p.dataActions));
    return actions.length > 0 && dataActions.length === 0 && actions.every((x) => typeof x === "string" && /^Microsoft\.[A-Za-z]+\/[A-Za-z/]+\/read$/i.test(x));
}

/**
 * The one wider scope allowed: a read-only custom role of this stack on its own resource group
 * (external-dns lists the group's DNS zones to find its own).
 */
function readOnlyOnOwnGroup(a: PolicyResource, scope: unknown): boolean {
    const definition = (a.propertyDependencies.roleDefinitionId ?? []).find((d) => d.type === DEFINITION);
    const ownGroup = (a.propertyDependencies.scope ?? []).some((d) => d.type === RESOURCE_GROUP) || (typeof scope === "string" && /\/resourceGroups\/[^/]+\/?$/i.test(scope));
    return definition !== undefined && readOnlyCustomRole(definition) && ownGroup;
}

const MANAGED_CLUSTER = "azure-native:containerservice:ManagedCluster";

/** Disk and snapshot actions only, none of them a wildcard: what a backup tool's snapshotter needs. */
function diskSnapshotCustomRole(d: PolicyResource): boolean {
    const permissions = asArray<Record<string, unknown>>(known(() => d.props.permissions)).map(asRecord);
    const actions = permissions.flatMap((p) => asArray<string>(p.actions));
    const dataActions = permissions.flatMap((p) => asArray<string>(p.dataActions));
    return actions.length > 0 && dataActions.length === 0 && actions.every((x) => typeof x === "string" && /^Microsoft\.Compute\/(disks|snapshots)\/[A-Za-z/]+$/.test(x) && !x.includes("*"));
}

/**
 * The other: a disk-and-snapshot custom role of this stack on the AKS node resource group (the
 * scope comes from this stack's cluster), where the CSI driver creates the disks Velero snapshots;
 * their names are not known before they exist.
 */
function snapshotsOnNodeGroup(a: PolicyResource): boolean {
    const definition = (a.propertyDependencies.roleDefinitionId ?? []).find((d) => d.type === DEFINITION);
    const fromCluster = (a.propertyDependencies.scope ?? []).some((d) => d.type === MANAGED_CLUSTER);
    return definition !== undefined && diskSnapshotCustomRole(definition) && fromCluster;
}

function assignmentProblems(a: PolicyResource): string[] {
    const found: string[] = [];
    const roleId = String(known(() => a.props.roleDefinitionId) ?? "").split("/").pop()?.toLowerCase() ?? "";
    if (ADMIN_ROLES[roleId]) found.push(`assigns ${ADMIN_ROLES[roleId]}`);
    const scope = known(() => a.props.scope);
    const scopeFrom = a.propertyDependencies.scope ?? [];
    if (readOnlyOnOwnGroup(a, scope) || snapshotsOnNodeGroup(a)) return found;
    if (typeof scope === "string" && WIDE_SCOPE.test(scope)) found.push(`is scoped to ${scope}`);
    else if (scopeFrom.some((d) => d.type === RESOURCE_GROUP)) found.push("is scoped to a whole resource group");
    else if (scopeFrom.length === 0) found.push(`is scoped to ${scope ?? "?"}, which is not a resource this stack creates`);
    return found;
}

function definitionProblems(d: PolicyResource): string[] {
    const permissions = asArray<Record<string, unknown>>(known(() => d.props.permissions)).map(asRecord);
    const wide = permissions.flatMap((p) => [...asArray<string>(p.actions), ...asArray<string>(p.dataActions)]).filter(isServiceWide);
    const scopes = asArray<string>(known(() => d.props.assignableScopes));
    const broadlyAssignable = scopes.some((s) => typeof s === "string" && WIDE_SCOPE.test(s)) || (d.propertyDependencies.assignableScopes ?? []).some((r) => r.type === RESOURCE_GROUP);
    return wide.length > 0 && broadlyAssignable ? [`allows ${wide.join(", ")} and is assignable at ${scopes.join(", ")}`] : [];
}

/** Identities (the workloads' above all) get data roles on one storage account, container, key or vault. */
export default stackRule({
    name: "azure-rbac-scoped",
    description: "Role assignments are scoped to a resource this stack creates (never a subscription, management group or resource group, except a read-only custom role of this stack on its own group, and a disk-and-snapshot custom role on its AKS node resource group) and never grant Owner, Contributor or access administration; custom roles allow no service-wide action (Microsoft.Storage/*, *) at a broad scope.",
    category: "security",
    severity: "critical",
    references: [cisAzure("1.23")],
    remediationSteps: "Assign the narrowest built-in data role (Storage Blob Data Reader/Contributor, Key Vault Secrets User) with scope set to the platform's container, account, key or vault id.",
    types: [ASSIGNMENT, DEFINITION],
    check: (args, { report }) => {
        for (const a of args.resources.filter((r) => r.type === ASSIGNMENT)) for (const p of assignmentProblems(a)) report(`Role assignment ${a.name} ${p}.`, a.urn);
        for (const d of args.resources.filter((r) => r.type === DEFINITION)) for (const p of definitionProblems(d)) report(`Role definition ${d.name} ${p}.`, d.urn);
    },
});
