// Loaded by mocha after ts-node (.mocharc.json). ts-node installs source-map-support, which maps
// every frame of every `new Error().stack`; Pulumi's SDK takes a full stack trace for each resource
// and each promise it creates, so source-mapped stacks cost about 40% of the suite's CPU time
// (measured: tests/clouds/aws/data.test.ts, 12.4 s -> 7.2 s user). Test failures then show the
// transpiled positions, a few lines off the TypeScript ones.
Error.prepareStackTrace = undefined;
