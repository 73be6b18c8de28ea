/**
 * A dependent team's program: reads the platform stack through PlatformReference and serves one
 * model on it. Inside this repository it imports the client from the platform's source tree; a
 * team outside would install it as a package (see docs/delivery.md).
 */
import * as pulumi from "@pulumi/pulumi";
import { PlatformReference } from "../../components/reference";
import { deployModel, readModelSpec } from "./model";

const config = new pulumi.Config();
const platform = new PlatformReference("platform", config.require("platformStack"));
const model = deployModel(platform, readModelSpec(config));

export const inferenceServiceName = model.inferenceService.metadata.name;
export const namespace = model.inferenceService.metadata.namespace;
export const predictUrl = model.predictUrl;
export const storageUri = model.storageUri;
export const platformEnvironment = platform.outputs.environment;
export const platformCloud = platform.outputs.cloud;
