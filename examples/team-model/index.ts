/**
 * A dependent team's program: reads the platform stack through PlatformReference and serves one
 * model on it, released through the platform's Flagger (two InferenceService slots, one apex
 * Service, one Canary: docs/runbooks/model-release.md). It imports the platform's light client
 * entry by package name, as a team outside this repository does after `npm install @acme/mlplatform` (here a `file:` dependency on the
 * repository root, linked by the root's npm workspace; see docs/packaging.md).
 */
import * as pulumi from "@pulumi/pulumi";
import { PlatformReference } from "@acme/mlplatform/client";
import { deployModel, readModelSpec } from "./model";

const config = new pulumi.Config();
const platform = new PlatformReference("platform", config.require("platformStack"));
const spec = readModelSpec(config);
const model = deployModel(platform, spec);

export const inferenceServices = { blue: model.slots.blue.metadata.name, green: model.slots.green.metadata.name };
export const liveSlot = spec.liveSlot;
export const canary = model.canary.metadata.name;
export const namespace = model.apex.metadata.namespace;
export const predictUrl = model.predictUrl;
export const storageUri = model.storageUri;
export const platformEnvironment = platform.outputs.environment;
export const platformCloud = platform.outputs.cloud;
