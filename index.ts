// The package's component entry, at the root so Pulumi's schema analyzer finds the sources of the
// compiled `exports["."]` (it rewrites bin/**/*.js to bin/**/*.ts, which do not exist, then falls
// back to index.ts). The program itself is main.ts.
export * from "./components";
