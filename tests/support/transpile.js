// Loaded first by mocha (.mocharc.json): runs the TypeScript sources and tests the way ts-node's
// transpile-only mode does (each file transpiled alone with tsconfig.json's options, no type
// check: that is `npx tsc --noEmit`'s job; tsconfig.json sets isolatedModules, so a file compiles
// the same alone as in the program), with the output cached on disk by content, so the parallel
// workers and later runs do not transpile the same file again. Transpiling was about 5 s of CPU
// per worker.
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");
const ts = require("typescript");

const root = path.resolve(__dirname, "..", "..");
const CACHE = path.join(root, "node_modules", ".cache", "mlplatform-transpile");

function compilerOptions() {
    const file = path.join(root, "tsconfig.json");
    const read = ts.readConfigFile(file, ts.sys.readFile);
    if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, "\n"));
    const { options } = ts.parseJsonConfigFileContent(read.config, ts.sys, root);
    // Inline source maps are not needed: tests/support/register.js formats stacks without them.
    return { ...options, noEmit: false, declaration: false, incremental: false, sourceMap: false, inlineSourceMap: false };
}

const options = compilerOptions();
const optionsKey = crypto.createHash("sha256").update(`${ts.version}\n${JSON.stringify(options)}`).digest("hex");
fs.mkdirSync(CACHE, { recursive: true });

function transpile(source, fileName) {
    const key = crypto.createHash("sha256").update(optionsKey).update(fileName).update("\0").update(source).digest("hex");
    const cached = path.join(CACHE, `${key}.js`);
    try {
        return fs.readFileSync(cached, "utf8");
    } catch {
        const { outputText } = ts.transpileModule(source, { compilerOptions: options, fileName });
        const partial = `${cached}.${process.pid}.tmp`;
        fs.writeFileSync(partial, outputText);
        fs.renameSync(partial, cached);
        return outputText;
    }
}

require.extensions[".ts"] = function (module, fileName) {
    if (fileName.endsWith(".d.ts") || fileName.includes(`${path.sep}node_modules${path.sep}`)) {
        throw new Error(`refusing to run ${fileName} as TypeScript source`);
    }
    module._compile(transpile(fs.readFileSync(fileName, "utf8"), fileName), fileName);
};
