// The live RBAC source, apart from the package's main entry: @kubernetes/client-node takes ~100 MB and half a
// second to load, which a run on files should not pay.
export * from "./eks-token.ts";
export * from "./rbac-source.ts";
export * from "./sources.ts";
