// Preloaded (node -r) into the deploy CLI by deployCli.test.ts: at exit, writes to the file named by
// SDK_PROBE_FILE whether @pulumi/pulumi was loaded, so a test can show which runs never load it.
"use strict";
const fs = require("fs");
const path = require("path");

const file = process.env.SDK_PROBE_FILE;
const sdk = `${path.sep}node_modules${path.sep}@pulumi${path.sep}pulumi${path.sep}`;
if (file) process.on("exit", () => fs.writeFileSync(file, String(Object.keys(require.cache).some((m) => m.includes(sdk)))));
