import { KubeConfig } from "@kubernetes/client-node";
import { eksBearerToken } from "./eks-token.ts";
import { KubernetesRbacSource, type RbacSource } from "./rbac-source.ts";

export interface KubeconfigOptions {
  /** Context to use instead of the file's current-context. */
  context?: string;
  /** Objects per list page (`limit`). */
  pageSize?: number;
}

/** From a kubeconfig file (current context), like kubectl. */
export function rbacSourceFromKubeconfig(path: string, options: KubeconfigOptions = {}): KubernetesRbacSource {
  const config = new KubeConfig();
  config.loadFromFile(path);
  if (options.context) config.setCurrentContext(options.context);
  return new KubernetesRbacSource(config, options.pageSize);
}

/** From the pod's service account, when the tool runs inside the cluster. */
export function rbacSourceInCluster(): KubernetesRbacSource {
  const config = new KubeConfig();
  config.loadFromCluster();
  return new KubernetesRbacSource(config);
}

export interface EksClusterSettings {
  name: string;
  /** https://… API server endpoint. */
  endpoint: string;
  /** Base64 PEM of the cluster CA, as `aws eks describe-cluster` prints it. */
  caData: string;
  region: string;
}

/**
 * For Lambda: authenticates with a token signed by the function's IAM role, which an EKS access entry maps
 * to the group deploy/rbac-reader.yaml binds. Endpoint and CA come from configuration, so the function needs
 * no eks:DescribeCluster. The token is made when the snapshot is taken (it is good for 15 minutes), so a
 * credentials problem fails the run — and is recorded with it — rather than the setup.
 */
export function rbacSourceForEks(cluster: EksClusterSettings): RbacSource {
  return {
    location: cluster.endpoint,
    async snapshot() {
      const token = await eksBearerToken({ clusterName: cluster.name, region: cluster.region });
      const config = new KubeConfig();
      config.loadFromClusterAndUser(
        { name: cluster.name, server: cluster.endpoint, caData: cluster.caData, skipTLSVerify: false },
        { name: "rbac-recommender", token },
      );
      return new KubernetesRbacSource(config).snapshot();
    },
  };
}
