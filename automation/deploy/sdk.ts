/**
 * The Automation API, loaded on first use. Loading @pulumi/pulumi costs about a second of CPU, and a
 * deploy that ends at a usage error, a production guard or a stack-file problem never calls the CLI,
 * so it exits without paying for it. Modules here import the SDK's types only (`import type`).
 */
export type Automation = typeof import("@pulumi/pulumi/automation");

export function automation(): Automation {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load, see above
    return require("@pulumi/pulumi/automation");
}
