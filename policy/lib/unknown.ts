/**
 * Reading a value that may be unknown during preview without failing the whole policy. Only for
 * links between resources (which have a second source, propertyDependencies); a rule's own
 * checks read values directly, so an unknown there degrades to the analyzer's advisory notice.
 */
import * as proxyModule from "@pulumi/policy/proxy";

interface ProxyModule {
    UnknownValueError: new (...args: unknown[]) => Error;
}
const { UnknownValueError } = proxyModule as unknown as ProxyModule;

export function known<T>(read: () => T): T | undefined {
    try {
        return read();
    } catch (err) {
        if (err instanceof UnknownValueError) return undefined;
        throw err;
    }
}
