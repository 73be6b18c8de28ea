/**
 * The CrossGuard policy pack: `pulumi preview --policy-pack policy --policy-pack-config
 * policy/config/<environment>.json`. The only file that creates the PolicyPack (which starts the
 * analyzer's gRPC server); everything else imports the rules from ./rules.
 */
import { PolicyPack } from "@pulumi/policy";
import { RULES } from "./rules";

new PolicyPack("ml-platform", {
    description: "Security, availability and tagging rules for the ML platform on AWS, GCP and Azure, its Kubernetes objects and Helm releases.",
    enforcementLevel: "mandatory",
    policies: [...RULES],
});
