/**
 * Writes N realistic-looking audit.k8s.io/v1 Event JSON lines (Metadata level): a TypeScript port of
 * gen_synthetic.py. RequestReceived+ResponseComplete pairs for ~35% of requests, ~4% 403, ~3% 404,
 * occasional impersonation, query strings like real clients.
 *
 *   tsx bench/generate.ts N SEED > audit.jsonl
 */
import { createHash } from "node:crypto";
import { pathToFileURL } from "node:url";
import { NON_RESOURCE_PATHS, QUERIED_PATHS, SUBRESOURCES, SUBRESOURCE_VERBS, VERB_WEIGHTS, population,
  type SimSubject } from "./population.ts";
import { Random, WeightedChoice } from "./random.ts";

const START_US = 1714550400 * 1e6;
const NAME_POOL_SIZES = [1, 1, 2, 3, 8];

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, "0");
}

/** A version-4 UUID from 128 random bits. */
function uuid4(w: readonly [number, number, number, number]): string {
  const h = w.map((x) => hex(x, 8)).join("");
  const variant = ((parseInt(h[16] as string, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A stable uid per service account, so repeated runs agree. */
function stableUid(username: string): string {
  const h = createHash("sha1").update(username).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

function timestamp(us: number): string {
  const micros = String(us % 1e6).padStart(6, "0");
  return `${new Date(Math.floor(us / 1000)).toISOString().slice(0, 19)}.${micros}Z`;
}

function objectNames(rnd: Random, resource: string): string[] {
  const prefix = resource.endsWith("s") ? resource.slice(0, -1) : resource;
  const k = rnd.choice(NAME_POOL_SIZES);
  return Array.from({ length: k }, () => `${prefix}-${hex(rnd.randrange(16 ** 6), 6)}`);
}

interface Request {
  verb: string;
  uri: string;
  code: number;
  objectRef?: Record<string, string>;
}

function nonResourceRequest(rnd: Random): Request {
  const verb = rnd.random() < 0.97 ? "get" : "post";
  const path = rnd.choice(NON_RESOURCE_PATHS);
  const query = QUERIED_PATHS.has(path) ? rnd.choice(["", "?timeout=32s", "?verbose"]) : "";
  return { verb, uri: path + query, code: 200 };
}

const verbChoice = new WeightedChoice(VERB_WEIGHTS.map(([v]) => v), VERB_WEIGHTS.map(([, w]) => w));

function resourceRequest(rnd: Random, eff: SimSubject): Request {
  const [group, resource, version, namespaced] = rnd.choice(eff.resources);
  let sub: string | undefined;
  let verb: string;
  const subs = SUBRESOURCES[resource];
  if (subs && rnd.random() < 0.25) {
    sub = rnd.choice(subs);
    verb = rnd.choice(SUBRESOURCE_VERBS[sub] as string[]);
  } else verb = verbChoice.pick(rnd);
  let ns: string | undefined;
  if (namespaced && resource !== "namespaces") {
    ns = (verb === "list" || verb === "watch") && rnd.random() < eff.allNamespacesRate ? undefined : rnd.choice(eff.namespaces);
  }
  // Python's setdefault evaluates its default every time: draw the names even when the pool exists.
  const fresh = objectNames(rnd, resource);
  const key = `${resource}/${ns ?? ""}`;
  const pool = eff.objectNames.get(key) ?? (eff.objectNames.set(key, fresh), fresh);
  let name: string | undefined;
  if (resource === "namespaces") {
    name = rnd.choice(eff.namespaces);
    ns = verb !== "list" && verb !== "watch" && verb !== "create" ? name : undefined;
    if (verb === "list" || verb === "watch" || verb === "deletecollection") name = undefined;
  } else if (sub || ["get", "update", "patch", "delete", "create"].includes(verb)) {
    name = rnd.choice(pool); // successful creates carry the name in objectRef
  } else if (verb === "watch" && rnd.random() < 0.1) {
    name = rnd.choice(pool); // fieldSelector=metadata.name=...
  }
  const base = group === "" ? `/api/${version}` : `/apis/${group}/${version}`;
  let uri = base + (ns ? `/namespaces/${ns}` : "") + `/${resource}` + ((name && verb !== "create") || sub ? `/${name}` : "") + (sub ? `/${sub}` : "");
  if (verb === "watch") {
    uri += `?allowWatchBookmarks=true&resourceVersion=${rnd.randrange(1e7)}&timeout=7m${rnd.randrange(60)}s&timeoutSeconds=${300 + rnd.randrange(300)}&watch=true`;
  } else if (verb === "list") uri += "?limit=500&resourceVersion=0";
  const objectRef: Record<string, string> = { resource };
  if (ns) objectRef.namespace = ns;
  if (name) objectRef.name = name;
  if (group) objectRef.apiGroup = group;
  objectRef.apiVersion = version;
  if (sub) objectRef.subresource = sub;
  const r = rnd.random();
  let code = 200;
  if (r < 0.04) code = 403;
  else if (r < 0.07 && ["get", "delete", "patch", "update"].includes(verb)) code = 404;
  else if (verb === "create") code = 201;
  else if (sub === "exec" || sub === "attach" || sub === "portforward") code = 101;
  return { verb, uri, code, objectRef };
}

function userInfo(s: SimSubject): Record<string, unknown> {
  if (!s.user.startsWith("system:serviceaccount:")) return { username: s.user, groups: s.groups };
  const pod = `${s.user.split(":").at(-1)}-7d9f8b6c5-x2x4z`;
  return { username: s.user, groups: s.groups, uid: stableUid(s.user), extra: { "authentication.kubernetes.io/pod-name": [pod] } };
}

/** The event lines of one request: a RequestReceived copy for ~35% of them, then ResponseComplete. */
function* eventLines(rnd: Random, s: SimSubject, eff: SimSubject, impersonated: boolean, us: number): Generator<string> {
  const auditID = uuid4(rnd.bits128());
  const req = rnd.random() < eff.nonResourceRate ? nonResourceRequest(rnd) : resourceRequest(rnd, eff);
  const sourceIP = `10.${rnd.randrange(256)}.${rnd.randrange(256)}.${rnd.randint(1, 254)}`;
  const stages = rnd.random() < 0.35 ? ["RequestReceived", "ResponseComplete"] : ["ResponseComplete"];
  for (const stage of stages) {
    const final = stage !== "RequestReceived";
    const e: Record<string, unknown> = { kind: "Event", apiVersion: "audit.k8s.io/v1", level: "Metadata", auditID, stage,
      requestURI: req.uri, verb: req.verb, user: userInfo(s) };
    if (impersonated) e.impersonatedUser = { username: eff.user, groups: eff.groups };
    e.sourceIPs = [sourceIP];
    e.userAgent = s.userAgent;
    if (req.objectRef) e.objectRef = req.objectRef;
    if (final) {
      e.responseStatus = req.code === 403
        ? { metadata: {}, code: 403, status: "Failure", message: `forbidden: User "${eff.user}" cannot ${req.verb} resource`, reason: "Forbidden", details: {} }
        : { metadata: {}, code: req.code };
    }
    e.requestReceivedTimestamp = timestamp(us);
    e.stageTimestamp = timestamp(us + (final ? 3000 : 0));
    if (final) {
      e.annotations = { "authorization.k8s.io/decision": req.code === 403 ? "forbid" : "allow",
        "authorization.k8s.io/reason": req.code === 403 ? "" : 'RBAC: allowed by ClusterRoleBinding "x" of ClusterRole "y" to Group "z"' };
    }
    yield JSON.stringify(e);
  }
}

/** Calls `write` with ~1 MB blocks of newline-terminated events. */
export async function generate(n: number, seed: number, write: (block: string) => Promise<void>): Promise<void> {
  const rnd = new Random(seed);
  const subjects = population(rnd);
  const pickSubject = new WeightedChoice(subjects, subjects.map((s) => s.weight));
  const humans = subjects.filter((s) => s.user.startsWith("user"));
  let written = 0;
  let block: string[] = [];
  let blockBytes = 0;
  while (written < n) {
    const s = pickSubject.pick(rnd);
    const imp = s.user === "kubernetes-admin" && rnd.random() < 0.3 ? rnd.choice(humans) : undefined;
    for (const line of eventLines(rnd, s, imp ?? s, imp !== undefined, START_US + written * 4000)) {
      block.push(line);
      blockBytes += line.length + 1;
      if (++written >= n) break;
    }
    if (blockBytes >= 1 << 20) {
      await write(block.join("\n") + "\n");
      block = [];
      blockBytes = 0;
    }
  }
  if (block.length > 0) await write(block.join("\n") + "\n");
}

/** A writer that respects the stream's backpressure. */
export function streamWriter(out: NodeJS.WritableStream): (block: string) => Promise<void> {
  return (block) => new Promise((resolve, reject) => {
    out.write(block, (err) => (err ? reject(err) : resolve()));
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const n = Number(process.argv[2]);
  const seed = Number(process.argv[3] ?? 1);
  if (!Number.isInteger(n) || n < 0) {
    console.error("usage: tsx bench/generate.ts N [SEED] > audit.jsonl");
    process.exit(2);
  }
  await generate(n, seed, streamWriter(process.stdout));
}
