import { runPlatform } from "./components/program";

// The repository's Pulumi program (Pulumi.yaml `main`). Pulumi calls an exported function and uses
// what it resolves to as the stack outputs.
export = runPlatform;
