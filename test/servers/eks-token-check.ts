import { createHash, createHmac } from "node:crypto";

/**
 * What EKS (via STS) checks about a bearer token, done independently of the code under test: the k8s-aws-v1
 * prefix, an unpadded base64url payload that is a presigned STS GetCallerIdentity URL valid for 60 s, and a
 * SigV4 signature — recomputed here with the test's secret key — over `host` and `x-k8s-aws-id: <cluster>`.
 */
export function presignedUrlOfEksToken(token: string): URL | undefined {
  if (!token.startsWith("k8s-aws-v1.")) return undefined;
  const payload = token.slice("k8s-aws-v1.".length);
  if (!/^[A-Za-z0-9_-]+$/.test(payload)) return undefined;
  try {
    return new URL(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
}

export interface EksTokenExpectation {
  clusterName: string;
  region: string;
  secretAccessKey: string;
}

export function verifyEksToken(token: string, expected: EksTokenExpectation): boolean {
  const url = presignedUrlOfEksToken(token);
  if (!url) return false;
  const q = url.searchParams;
  if (url.protocol !== "https:" || url.hostname !== `sts.${expected.region}.amazonaws.com` || url.pathname !== "/") return false;
  if (q.get("Action") !== "GetCallerIdentity" || q.get("X-Amz-Expires") !== "60") return false;
  if (q.get("X-Amz-SignedHeaders") !== "host;x-k8s-aws-id" || q.get("X-Amz-Algorithm") !== "AWS4-HMAC-SHA256") return false;
  return q.get("X-Amz-Signature") === expectedSignature(url, expected);
}

function expectedSignature(url: URL, expected: EksTokenExpectation): string {
  const q = url.searchParams;
  const amzDate = q.get("X-Amz-Date") ?? "";
  const scope = (q.get("X-Amz-Credential") ?? "").split("/").slice(1).join("/");
  const [date, region, service] = scope.split("/");
  const query = [...q.entries()]
    .filter(([name]) => name !== "X-Amz-Signature")
    .map(([name, value]) => `${rfc3986(name)}=${rfc3986(value)}`)
    .sort()
    .join("&");
  const headers = `host:${url.hostname}\nx-k8s-aws-id:${expected.clusterName}\n`;
  const canonical = ["GET", "/", query, headers, "host;x-k8s-aws-id", sha256("")].join("\n");
  const toSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256(canonical)].join("\n");
  let key: Buffer = hmac(`AWS4${expected.secretAccessKey}`, date ?? "");
  for (const part of [region ?? "", service ?? "", "aws4_request"]) key = hmac(key, part);
  return createHmac("sha256", key).update(toSign).digest("hex");
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const hmac = (key: string | Buffer, text: string) => createHmac("sha256", key).update(text).digest();
const rfc3986 = (text: string) =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
