/**
 * Helm values against the pinned chart: the chart's values.schema.json where it ships one (on the
 * values Helm validates, ours merged over the chart's defaults), otherwise every key path we set
 * must exist in the chart's values.yaml, since Helm silently ignores unknown keys. Maps whose keys
 * are free-form are listed in FREE_FORM with the reason; those that are Kubernetes types are
 * checked against the cluster's schema instead.
 */
import * as fs from "fs";
import * as path from "path";
import type { ValidateFunction } from "ajv";
import { parse } from "yaml";
import { chartDir, readManifest, SCHEMAS_DIR } from "../../../scripts/refresh-schemas";
import type { ChartName } from "../charts";
import { ajv, check } from "./ajv";
import { definitionValidator } from "./kubernetes";
import { FREE_FORM, type FreeForm } from "./freeForm";

type Values = Record<string, unknown>;

const isMap = (v: unknown): v is Values => typeof v === "object" && v !== null && !Array.isArray(v);

/** Helm's coalescing: maps merge key by key, anything else replaces, null deletes. */
export function helmMerge(defaults: Values, ours: Values): Values {
    const out: Values = { ...defaults };
    for (const [k, v] of Object.entries(ours)) {
        if (v === null) delete out[k];
        else if (isMap(v) && isMap(out[k])) out[k] = helmMerge(out[k] as Values, v);
        else out[k] = v;
    }
    return out;
}

/**
 * Istio's charts keep their defaults under `_internal_defaults_do_not_set`, which the chart's
 * templates merge into .Values (zzz_profile.yaml); users set the same keys at the top level.
 */
function liftIstioDefaults(values: Values): Values {
    const internal = values._internal_defaults_do_not_set;
    if (!isMap(internal)) return values;
    const rest = { ...values };
    delete rest._internal_defaults_do_not_set;
    return helmMerge(internal, rest);
}

interface ChartSchemas {
    version: string;
    defaults: Values;
    validate?: ValidateFunction;
}

const cache = new Map<string, ChartSchemas>();

function readYaml(file: string): Values {
    return (parse(fs.readFileSync(file, "utf8")) as Values | null) ?? {};
}

/** The chart's defaults (its subcharts' under their names, as Helm nests them) and schema. */
export function chartSchemas(chart: ChartName): ChartSchemas {
    const hit = cache.get(chart);
    if (hit) return hit;
    const entry = readManifest().charts[chart];
    if (!entry) throw new Error(`schemas/manifest.json has no entry for chart ${chart}`);
    const dir = path.join(SCHEMAS_DIR, chartDir(chart, entry.version));
    let defaults = liftIstioDefaults(readYaml(path.join(dir, "values.yaml")));
    for (const [sub, s] of Object.entries(entry.subcharts ?? {})) {
        const subDefaults = readYaml(path.join(dir, "charts", `${sub}-${s.version}`, "values.yaml"));
        defaults = { ...defaults, [sub]: helmMerge(subDefaults, isMap(defaults[sub]) ? (defaults[sub] as Values) : {}) };
    }
    let validate: ValidateFunction | undefined;
    if (entry.schema) {
        const schema = JSON.parse(fs.readFileSync(path.join(dir, "values.schema.json"), "utf8")) as Values;
        delete schema.$schema;
        validate = ajv.compile(schema);
    }
    const loaded = { version: entry.version, defaults, validate };
    cache.set(chart, loaded);
    return loaded;
}

function matches(pattern: string, keyPath: string[]): boolean {
    const parts = pattern.split(".");
    return parts.length === keyPath.length && parts.every((p, i) => p === "*" || p === keyPath[i]);
}

function checkFreeForm(rule: FreeForm, value: unknown, where: string): string[] {
    if (!rule.as) return [];
    const list = rule.as.endsWith("[]");
    const validator = definitionValidator(list ? rule.as.slice(0, -2) : rule.as);
    if (list && !Array.isArray(value)) return [`${where}: must be a list of ${rule.as.slice(0, -2)}`];
    const items = list ? (value as unknown[]) : [value];
    return items.flatMap((item, i) => check(validator, item).map((e) => `${where}${list ? `[${i}]` : ""}${e === "/: " ? "" : e.replace(/^\//, ".").replace(/^\.: /, ": ")}`));
}

/** Key paths set in `ours` that the chart's values.yaml does not have. */
function unknownKeys(chart: ChartName, defaults: unknown, ours: Values, keyPath: string[] = []): string[] {
    const errors: string[] = [];
    for (const [k, v] of Object.entries(ours)) {
        const p = [...keyPath, k];
        const where = p.join(".");
        const rule = (FREE_FORM[chart] ?? []).find((r) => matches(r.path, p));
        if (rule) {
            errors.push(...checkFreeForm(rule, v, where));
            continue;
        }
        if (!isMap(defaults) || !(k in defaults)) {
            errors.push(`${where}: not a value of the chart (absent from its values.yaml)`);
            continue;
        }
        if (isMap(v)) errors.push(...unknownKeys(chart, defaults[k], v, p));
    }
    return errors;
}

/** Errors of one release's values against its pinned chart. */
export function validateValues(chart: ChartName, ours: Values): string[] {
    const { defaults, validate } = chartSchemas(chart);
    if (validate) return check(validate, helmMerge(defaults, ours));
    return unknownKeys(chart, defaults, ours);
}
