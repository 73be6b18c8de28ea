// Loaded before anything loads @pulumi/pulumi: by automation/launch.js (the plan and deploy CLIs)
// and by tests/support/register.js (the test processes). The SDK loads two large modules at
// startup that only function serialization (runtime/closure: TypeScript's parser, @npmcli/arborist
// for a function's package paths) uses: 9.6 MB of JavaScript, about 0.7 s of CPU in each process
// that loads the SDK, two thirds of loading it. Neither a plan nor the Automation API serializes a
// function. This hook hands the SDK's closure modules a stand-in for each that loads the real
// module on first use, so they work the same when something does serialize a function.
// If an SDK upgrade moves those requires, nothing is deferred (tests/harness/deferSdkModules.test.ts fails).
"use strict";
const Module = require("module");

/** Module requested, and the SDK file (by path suffix) whose request is deferred. */
const DEFERRED = {
    typescript: /[\\/]@pulumi[\\/]pulumi[\\/]typescript-shim\.js$/,
    "@npmcli/arborist": /[\\/]@pulumi[\\/]pulumi[\\/]runtime[\\/]closure[\\/]codePaths\.js$/,
};

/** The stand-in handed out per deferred request, and the requests since loaded for real. */
exports.standIns = new Map();
exports.loaded = new Set();

function standIn(load) {
    let real;
    const target = () => (real ??= load());
    return new Proxy(
        {},
        {
            // The SDK's `__importStar(require(...))` returns a module that says `__esModule` as it is,
            // without reading its members; anything else loads the real module.
            get: (_, key) => (key === "__esModule" && real === undefined ? true : Reflect.get(target(), key)),
            has: (_, key) => Reflect.has(target(), key),
            ownKeys: () => Reflect.ownKeys(target()),
            getOwnPropertyDescriptor: (_, key) => {
                const descriptor = Reflect.getOwnPropertyDescriptor(target(), key);
                return descriptor && { ...descriptor, configurable: true };
            },
        },
    );
}

const load = Module._load;
Module._load = function (request, parent, isMain) {
    const from = Object.hasOwn(DEFERRED, request) ? DEFERRED[request] : undefined;
    if (!from || !parent?.filename || !from.test(parent.filename)) return load.apply(this, arguments);
    // A module that is not installed fails at once, as it would without the hook: typescript-shim.js
    // catches that and falls back to the TypeScript the SDK vendors.
    try {
        Module._resolveFilename(request, parent, isMain);
    } catch {
        return load.apply(this, arguments);
    }
    const module = standIn(() => {
        exports.loaded.add(request);
        return load.call(Module, request, parent, isMain);
    });
    exports.standIns.set(request, module);
    return module;
};
