/**
 * What the cluster-autoscaler needs on EKS: an IRSA role that may resize only this cluster's node
 * groups (managed node groups tag their Auto Scaling groups with the cluster name).
 */
import * as pulumi from "@pulumi/pulumi";
import type { Cluster } from "@pulumi/aws/eks";
import type { NodeAutoscaling } from "../../components/foundation";
import type { AwsContext } from "./context";
import type { WorkloadIdentity } from "./identity";

const SERVICE_ACCOUNT = { namespace: "kube-system", name: "cluster-autoscaler" };

export function clusterAutoscaler(ctx: AwsContext, cluster: Cluster, identity: WorkloadIdentity): NodeAutoscaling {
    const policy = pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Action: [
                    "autoscaling:DescribeAutoScalingGroups",
                    "autoscaling:DescribeAutoScalingInstances",
                    "autoscaling:DescribeLaunchConfigurations",
                    "autoscaling:DescribeScalingActivities",
                    "autoscaling:DescribeTags",
                    "ec2:DescribeImages",
                    "ec2:DescribeInstanceTypes",
                    "ec2:DescribeLaunchTemplateVersions",
                    "ec2:GetInstanceTypesFromInstanceRequirements",
                    "eks:DescribeNodegroup",
                ],
                Resource: "*",
            },
            {
                Effect: "Allow",
                Action: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
                Resource: "*",
                Condition: {
                    StringEquals: cluster.name.apply((name) => ({ [`aws:ResourceTag/k8s.io/cluster-autoscaler/${name}`]: "owned" })),
                },
            },
        ],
    });
    return {
        mode: "cluster-autoscaler",
        cloudProvider: "aws",
        region: ctx.region,
        clusterName: cluster.name,
        serviceAccount: { ...SERVICE_ACCOUNT, binding: identity.bindPolicy(SERVICE_ACCOUNT.namespace, SERVICE_ACCOUNT.name, policy) },
    };
}
