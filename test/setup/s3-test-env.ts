import { randomBytes } from "node:crypto";
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { inject } from "vitest";
import { S3ConditionalProxy } from "../servers/s3-conditional-proxy.ts";

/** s3rver's fixed credentials; the proxy forwards signatures unchanged, so clients sign with these. */
export const S3_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

export interface S3TestEnv {
  /** The conditional proxy in front of s3rver: what code under test talks to. */
  endpoint: string;
  proxy: S3ConditionalProxy;
  client: S3Client;
  /** A fresh bucket per call, so test files sharing one s3rver never see each other's objects. */
  bucket(label: string): Promise<string>;
  put(bucket: string, key: string, body: Uint8Array | string): Promise<void>;
  /** Points the SDK's standard settings (as Lambda or a shell would) at this server. */
  applyToProcessEnv(): void;
  stop(): Promise<void>;
}

export async function startS3(): Promise<S3TestEnv> {
  const proxy = new S3ConditionalProxy(inject("s3rverEndpoint"));
  const endpoint = await proxy.start();
  const client = new S3Client({ endpoint, region: "us-east-1", forcePathStyle: true, credentials: S3_CREDENTIALS,
    requestHandler: { connectionTimeout: 10_000, socketTimeout: 60_000 } });
  return {
    endpoint,
    proxy,
    client,
    async bucket(label) {
      const name = `${label}-${randomBytes(4).toString("hex")}`;
      await client.send(new CreateBucketCommand({ Bucket: name }));
      return name;
    },
    async put(bucket, key, body) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: typeof body === "string" ? body : Buffer.from(body) }));
    },
    applyToProcessEnv() {
      Object.assign(process.env, {
        AWS_ENDPOINT_URL_S3: endpoint,
        AWS_REGION: "us-east-1",
        AWS_ACCESS_KEY_ID: S3_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: S3_CREDENTIALS.secretAccessKey,
        S3_FORCE_PATH_STYLE: "true",
      });
      delete process.env.AWS_SESSION_TOKEN;
      delete process.env.AWS_PROFILE;
    },
    async stop() {
      client.destroy();
      await proxy.stop();
    },
  };
}
