import type { ProviderMocks } from "./types";

/** Deterministic, recognisable fake secrets: a leak check can search the plan for them. */
const fakeSecret = (name: string) => ({ result: `mock-secret-${name}-Zq8xR2`, bcryptHash: `mock-bcrypt-${name}` });

export const randomMocks: ProviderMocks = {
    states: {
        "random:index/randomPassword:RandomPassword": fakeSecret,
        "random:index/randomString:RandomString": fakeSecret,
        "random:index/randomId:RandomId": (name) => ({ hex: `a1b2c3${name.length}`, b64Url: `mock-${name}`, dec: "12345" }),
    },
    calls: {},
};
