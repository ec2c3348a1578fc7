import { Sha256 } from "@aws-crypto/sha256-js";
import { fromNodeProviderChain } from "@aws-sdk/credential-providers";
import { SignatureV4 } from "@smithy/signature-v4";

/** Credentials or a provider of them, as the signer takes them. */
type Credentials = ConstructorParameters<typeof SignatureV4>[0]["credentials"];

export interface EksTokenOptions {
  clusterName: string;
  region: string;
  /** Defaults to the SDK's chain: in Lambda, the function's IAM role. */
  credentials?: Credentials;
  now?: Date;
}

const TOKEN_PREFIX = "k8s-aws-v1.";

/**
 * A bearer token EKS accepts, made the way aws-iam-authenticator and `aws eks get-token` make it: a presigned
 * STS GetCallerIdentity URL whose signature covers `x-k8s-aws-id: <cluster>`, so it is only good for that
 * cluster. The API server replays the URL to STS to learn the caller's IAM identity.
 */
export async function eksBearerToken(options: EksTokenOptions): Promise<string> {
  const hostname = `sts.${options.region}.amazonaws.com`;
  const signer = new SignatureV4({
    credentials: options.credentials ?? fromNodeProviderChain(),
    region: options.region,
    service: "sts",
    sha256: Sha256,
  });
  const signed = await signer.presign(
    {
      method: "GET",
      protocol: "https:",
      hostname,
      path: "/",
      query: { Action: "GetCallerIdentity", Version: "2011-06-15" },
      headers: { host: hostname, "x-k8s-aws-id": options.clusterName },
    },
    // EKS rejects URLs that say they live longer than 60 s; the token itself is good for 15 minutes.
    { expiresIn: 60, signingDate: options.now ?? new Date() },
  );
  const query = Object.entries(signed.query ?? {})
    .map(([name, value]) => `${rfc3986(name)}=${rfc3986(String(value))}`)
    .join("&");
  const url = `https://${hostname}/?${query}`;
  return TOKEN_PREFIX + Buffer.from(url, "utf8").toString("base64url");
}

function rfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
