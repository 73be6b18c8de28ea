/**
 * Framework references used in rule metadata. CIS section numbers follow the benchmark versions
 * named here; check them against the edition you are audited on.
 */
import type { Reference } from "./rule";

const ref = (framework: string, version: string) => (reference: string): Reference => ({ framework, version, reference });

export const cisAws = ref("CIS Amazon Web Services Foundations Benchmark", "3.0.0");
export const cisEks = ref("CIS Amazon EKS Benchmark", "1.5.0");
export const cisGcp = ref("CIS Google Cloud Platform Foundation Benchmark", "3.0.0");
export const cisGke = ref("CIS Google Kubernetes Engine Benchmark", "1.6.0");
export const cisAzure = ref("CIS Microsoft Azure Foundations Benchmark", "2.1.0");
export const cisAks = ref("CIS Azure Kubernetes Service Benchmark", "1.5.0");
export const cisK8s = ref("CIS Kubernetes Benchmark", "1.9.0");
export const pss = ref("Kubernetes Pod Security Standards", "v1.34");
export const checkov = ref("Checkov", "3");
export const awsFsbp = ref("AWS Foundational Security Best Practices", "1.0");
export const platform = ref("ML platform conventions", "1");
