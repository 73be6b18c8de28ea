// Loaded by register.js before anything loads @pulumi/pulumi. The SDK's Resource constructor
// turns every alias into a URN Output (`__aliases`), which it reads only to derive children's
// aliases when the engine lacks alias specs (runtime/resource.js `allAliases`). The mock runtime
// always supports alias specs (runtime/mocks.js), so under it that work is never read; azure-native
// declares an alias per API version on each resource (110 on an AgentPool, about 3400 in a
// production plan), and collapsing them was half of an Azure plan's CPU time. This hook adds that
// condition to the constructor when resource.js is loaded: the registrations, and so the plans,
// are unchanged. If an SDK upgrade changes the line, nothing is patched (tests/harness/aliasUrns.test.ts fails).
"use strict";
const fs = require("fs");
const Module = require("module");
const path = require("path");

const RESOURCE_JS = path.join(path.dirname(require.resolve("@pulumi/pulumi/package.json")), "resource.js");
const ORIGINAL = "this.__aliases = [];\n        if (opts.aliases) {";
const PATCHED = "this.__aliases = [];\n        if (opts.aliases && !state_1.getStore().supportsAliasSpecs) {";

/** Whether resource.js was loaded with the condition added. */
exports.patched = false;

const loadJs = Module._extensions[".js"];
Module._extensions[".js"] = function (module, fileName) {
    if (fileName !== RESOURCE_JS) return loadJs(module, fileName);
    const source = fs.readFileSync(fileName, "utf8");
    exports.patched = source.split(ORIGINAL).length === 2;
    module._compile(exports.patched ? source.replace(ORIGINAL, PATCHED) : source, fileName);
};
