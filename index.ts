import { runPlatform } from "./components/program";

// Pulumi calls an exported function and uses what it resolves to as the stack outputs.
export = runPlatform;
