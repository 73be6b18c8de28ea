/**
 * Prints a deploy JSON summary as Markdown (for $GITHUB_STEP_SUMMARY and the pull-request comment).
 * Usage: npm run -s summary -- <deploy-reports/…json> [--commit <sha>]
 */
import * as fs from "fs";
import { parseArgs } from "util";
import { renderMarkdown } from "./deploy/markdown";
import type { DeploySummary } from "./deploy/report";

const { values, positionals } = parseArgs({ args: process.argv.slice(2), allowPositionals: true, options: { commit: { type: "string" } } });
if (positionals.length !== 1) {
    console.error("usage: npm run -s summary -- <summary.json> [--commit <sha>]");
    process.exit(64);
}
const summary = JSON.parse(fs.readFileSync(positionals[0], "utf8")) as DeploySummary;
process.stdout.write(renderMarkdown(summary, { commit: values.commit }));
