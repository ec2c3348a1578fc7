import { describe, expect, it } from "vitest";
import { eksBearerToken } from "../../src/kubernetes/eks-token.ts";
import { presignedUrlOfEksToken, verifyEksToken } from "../../../../test/servers/eks-token-check.ts";

const credentials = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", sessionToken: "FwoG/ZXIvYXdzE+token=" };
const now = new Date("2026-11-22T02:00:00Z");

describe("EKS bearer token", () => {
  it("is k8s-aws-v1. + unpadded base64url of a presigned STS GetCallerIdentity URL", async () => {
    const token = await eksBearerToken({ clusterName: "prod", region: "eu-west-1", credentials, now });
    expect(token.startsWith("k8s-aws-v1.")).toBe(true);
    expect(token.slice("k8s-aws-v1.".length)).toMatch(/^[A-Za-z0-9_-]+$/);
    const url = presignedUrlOfEksToken(token)!;
    expect(`${url.origin}${url.pathname}`).toBe("https://sts.eu-west-1.amazonaws.com/");
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      Action: "GetCallerIdentity",
      Version: "2011-06-15",
      "X-Amz-Algorithm": "AWS4-HMAC-SHA256",
      "X-Amz-Credential": "AKIDEXAMPLE/20261122/eu-west-1/sts/aws4_request",
      "X-Amz-Date": "20261122T020000Z",
      "X-Amz-Expires": "60",
      "X-Amz-SignedHeaders": "host;x-k8s-aws-id",
      "X-Amz-Security-Token": credentials.sessionToken,
    });
  });

  it("is signed for its cluster only: the signature checks out for that cluster name and no other", async () => {
    const token = await eksBearerToken({ clusterName: "prod", region: "eu-west-1", credentials, now });
    const expectation = { region: "eu-west-1", secretAccessKey: credentials.secretAccessKey };
    expect(verifyEksToken(token, { ...expectation, clusterName: "prod" })).toBe(true);
    expect(verifyEksToken(token, { ...expectation, clusterName: "staging" })).toBe(false);
    expect(verifyEksToken(token, { ...expectation, clusterName: "prod", secretAccessKey: "other" })).toBe(false);
  });
});
