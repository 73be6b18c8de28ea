/**
 * Mock provider behaviour for the capture harness. One file per provider; each contributes the
 * computed outputs its resources need and the functions (data sources) the program calls.
 */
import { awsMocks } from "./aws";
import { azureMocks } from "./azure";
import { gcpMocks } from "./gcp";
import { kubernetesMocks } from "./kubernetes";
import { randomMocks } from "./random";
import type { Inputs, ProviderMocks } from "./types";

const all: ProviderMocks[] = [awsMocks, azureMocks, gcpMocks, kubernetesMocks, randomMocks];
const states = Object.assign({}, ...all.map((m) => m.states));
const calls = Object.assign({}, ...all.map((m) => m.calls));

export function mockState(type: string, name: string, inputs: Inputs): Record<string, unknown> {
    return { ...inputs, ...(states[type]?.(name, inputs) ?? {}) };
}

export function mockCall(token: string, inputs: Inputs): Record<string, unknown> {
    const fn = calls[token];
    if (!fn) throw new Error(`no mock for provider function ${token}: add one under automation/mocks/`);
    return fn(inputs);
}
