import { createHash, timingSafeEqual } from "node:crypto";
import type { Context } from "hono";

/** The caller's identity for the review history, or undefined when the request is not authenticated. */
export type Authenticator = (c: Context) => string | undefined;

function sha256(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

/**
 * `serve`: one shared bearer token. Digests are compared so the comparison takes the same time whatever
 * the length or content of the guess.
 */
export function bearerToken(token: string): Authenticator {
  const expected = sha256(token);
  return (c) => {
    const match = /^Bearer (\S+)$/.exec(c.req.header("authorization") ?? "");
    return match?.[1] && timingSafeEqual(sha256(match[1]), expected) ? "local-token" : undefined;
  };
}

interface LambdaBindings {
  requestContext?: { authorizer?: { iam?: { userArn?: unknown } } };
}

/**
 * AWS: API Gateway has already verified the SigV4 signature (IAM authorization on every route); the caller's
 * ARN is the actor. A request without it reached the function some other way and is refused.
 */
export function iamCaller(): Authenticator {
  return (c) => {
    const arn = (c.env as LambdaBindings | undefined)?.requestContext?.authorizer?.iam?.userArn;
    return typeof arn === "string" && arn.startsWith("arn:") ? arn : undefined;
  };
}
