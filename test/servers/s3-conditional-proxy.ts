import { createServer, request as forward, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { HeadObjectCommand, S3Client } from "@aws-sdk/client-s3";

/** A fault the proxy answers with instead of forwarding, to break a run at a chosen point. */
export interface Fault {
  method: string;
  /** Matched against the decoded path, /bucket/key. */
  path: RegExp;
  /** Let this many matching requests through before failing. */
  after?: number;
  status?: number;
}

/**
 * Test-only S3 front: forwards everything to s3rver unchanged (the Host header too, so signatures hold), but
 * enforces If-None-Match: * and If-Match on PUT and GET the way S3 does, one key at a time, and can inject
 * faults. s3rver alone ignores conditional headers, which would let the tests prove nothing about races.
 */
export class S3ConditionalProxy {
  private server: Server | undefined;
  private readonly upstream: URL;
  private readonly direct: S3Client;
  private readonly locks = new Map<string, Promise<unknown>>();
  private faults: Array<Fault & { seen: number }> = [];
  /** Requests answered 412 so far. */
  preconditionFailures = 0;

  constructor(s3rverEndpoint: string) {
    this.upstream = new URL(s3rverEndpoint);
    this.direct = new S3Client({
      endpoint: s3rverEndpoint,
      region: "us-east-1",
      forcePathStyle: true,
      credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    });
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.direct.destroy();
    // Keep-alive connections would hold close() open until they time out.
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  inject(fault: Fault): void {
    this.faults.push({ ...fault, seen: 0 });
  }

  clearFaults(): void {
    this.faults = [];
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://proxy").pathname);
    const fault = this.faults.find((f) => f.method === req.method && f.path.test(path) && f.seen++ >= (f.after ?? 0));
    if (fault) return reply(res, fault.status ?? 500, "InternalError", "injected fault");
    const conditional = req.headers["if-match"] !== undefined || req.headers["if-none-match"] !== undefined;
    if (!conditional || (req.method !== "PUT" && req.method !== "GET")) return this.pass(req, res);
    // S3 decides a conditional write atomically per key; a per-key queue gives the same guarantee here.
    const previous = this.locks.get(path) ?? Promise.resolve();
    // A failed lookup still gets an answer (S3's retryable 500), or the client would wait for one forever.
    const turn = previous.then(() => this.conditional(req, res, path)).catch(() => reply(res, 500, "InternalError", "proxy lookup failed"));
    this.locks.set(path, turn);
    await turn;
  }

  private async conditional(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const current = await this.currentEtag(path);
    const ifMatch = req.headers["if-match"];
    const ifNoneMatch = req.headers["if-none-match"];
    const failed =
      (ifNoneMatch === "*" && current !== undefined) ||
      (ifMatch !== undefined && (current === undefined || unquote(ifMatch) !== unquote(current)));
    if (failed) {
      this.preconditionFailures++;
      req.resume();
      return reply(res, 412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold");
    }
    await this.pass(req, res);
  }

  private async currentEtag(path: string): Promise<string | undefined> {
    const [, bucket, ...key] = path.split("/");
    try {
      const head = await this.direct.send(new HeadObjectCommand({ Bucket: bucket, Key: key.join("/") }));
      return head.ETag;
    } catch (error) {
      if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return undefined;
      throw error;
    }
  }

  private pass(req: IncomingMessage, res: ServerResponse): Promise<void> {
    return new Promise((resolve) => {
      // Headers go through untouched: they are signed, and s3rver ignores the conditional ones anyway.
      const headers = { ...req.headers };
      const upstream = forward(
        { host: this.upstream.hostname, port: this.upstream.port, method: req.method, path: req.url, headers },
        (response) => {
          res.writeHead(response.statusCode ?? 502, response.headers);
          response.pipe(res).on("finish", resolve);
        },
      );
      upstream.on("error", () => {
        reply(res, 502, "BadGateway", "s3rver unreachable");
        resolve();
      });
      // A client that goes away (the SDK retrying on a timeout) must not leave the upstream request dangling,
      // nor hold the key's queue: its retry would wait behind it forever.
      res.on("close", () => {
        upstream.destroy();
        resolve();
      });
      req.pipe(upstream);
    });
  }
}

function unquote(etag: string): string {
  return etag.replace(/^W\//, "").replace(/"/g, "");
}

function reply(res: ServerResponse, status: number, code: string, message: string): void {
  // Cut off mid-response (the upstream failed after answering): the client sees a broken response and retries.
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { "content-type": "application/xml" });
  res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`);
}
