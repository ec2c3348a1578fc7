import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import S3rver from "s3rver";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** http://127.0.0.1:<port> of the in-process S3 server (s3rver); credentials S3RVER/S3RVER. */
    s3rverEndpoint: string;
  }
}

/**
 * One real S3 protocol server for the whole test run. Tests put test/servers/s3-conditional-proxy.ts in front
 * of it, because s3rver ignores If-Match/If-None-Match.
 */
export default async function setup(project: TestProject) {
  const directory = await mkdtemp(join(tmpdir(), "s3rver-"));
  const server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory, resetOnClose: true });
  const { port } = await server.run();
  project.provide("s3rverEndpoint", `http://127.0.0.1:${port}`);
  return async () => {
    await server.close();
    await rm(directory, { recursive: true, force: true });
  };
}
