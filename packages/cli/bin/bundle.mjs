/**
 * The command as one bundle of this repository's TypeScript (esbuild), built on first use and again whenever one
 * of its inputs changes. Node then loads a few files, where tsx compiled ~190 modules on every start through
 * its loader thread: `--help` answers in 0.35 s instead of 0.75 s, and the analysis of a 1 GB log ends ~0.3 s
 * sooner and ~20 MB lower. Installed packages stay outside and load as installed; the decoding worker is a
 * bundle of its own, which the sources find by PREBUILT_AUDIT_WORKER (decoder-pool.ts).
 *
 * Each build goes to a directory of its own under `outdir`, and `build.json` (renamed into place last) names the
 * current one: a command always loads the files of one build, whole, whatever other builds run meanwhile.
 *
 * Plain JavaScript: it runs before anything could compile TypeScript.
 */
import { randomUUID } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const COMMAND_DIR = fileURLToPath(new URL("../dist/", import.meta.url));
const COMMAND_ENTRY = { "rbac-recommender": "packages/cli/src/main.ts" };
const WORKER = { "audit-worker": "packages/adapters/src/files/audit-worker.ts" };
/** What the current build was built from and where it is (see `freshBundle`). */
const STAMP = "build.json";
/** Builds kept besides the current one, for commands still running from them (a late import of a chunk). */
const KEPT_BUILDS = 2;
/** Read by esbuild besides the sources: how this file builds, how TypeScript is compiled and packages resolve. */
const SETTINGS = [relative(ROOT, fileURLToPath(import.meta.url)), "tsconfig.json", "package.json"];

/**
 * The URL of the command's bundle, fresh; undefined when it cannot be had (no esbuild, a directory that cannot be
 * written, a source esbuild cannot read): then tsx runs the sources, and reports what is wrong with them.
 */
export async function commandBundle() {
  try {
    return (await freshBundle(COMMAND_ENTRY, COMMAND_DIR))["rbac-recommender"];
  } catch {
    return undefined;
  }
}

/**
 * Bundles `entries` (output name -> source path relative to the repository) and the decoding worker into
 * `outdir`, unless its current build was made by this esbuild from the inputs as they are now and is all there.
 * Resolves to the URL of each entry's output.
 */
export async function freshBundle(entries, outdir) {
  const version = installedEsbuild();
  const stamp = await readStamp(outdir);
  const fresh = stamp !== undefined && (version === undefined || stamp.esbuild === version) && sameEntries(stamp, entries) &&
    (await unchanged(stamp.inputs)) && (await present(join(outdir, stamp.build), stamp.outputs));
  const current = fresh ? stamp : await build(entries, outdir);
  return Object.fromEntries(Object.keys(entries).map((name) => [name, pathToFileURL(join(outdir, current.build, `${name}.mjs`))]));
}

async function build(entries, outdir) {
  const esbuild = await import("esbuild");
  const started = Date.now();
  const buildDir = `${started.toString(36).padStart(9, "0")}-${randomUUID().slice(0, 8)}`;
  try {
    const result = await esbuild.build({
      absWorkingDir: ROOT,
      entryPoints: { ...entries, ...WORKER },
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "node",
      target: "node20",
      outdir: join(outdir, buildDir),
      outExtension: { ".js": ".mjs" },
      // Beside the entries, so that a module's `./audit-worker.mjs` names the worker wherever esbuild put it.
      chunkNames: "[name]-[hash]",
      define: { PREBUILT_AUDIT_WORKER: JSON.stringify(`${Object.keys(WORKER)[0]}.mjs`) },
      plugins: [installedPackagesOutside],
      metafile: true,
      logLevel: "silent",
    });
    const finished = Date.now();
    const inputs = [...Object.keys(result.metafile.inputs), ...SETTINGS, ...(await workspaceManifests())];
    const stamp = {
      esbuild: esbuild.version,
      entries,
      inputs: Object.fromEntries(await Promise.all(inputs.map(async (path) => [path, await fingerprint(path, started, finished)]))),
      build: buildDir,
      outputs: Object.keys(result.metafile.outputs).map((path) => relative(join(outdir, buildDir), join(ROOT, path))),
    };
    await writeAtomically(join(outdir, STAMP), JSON.stringify(stamp));
    await removeOldBuilds(outdir, buildDir);
    return stamp;
  } finally {
    // Its service process would otherwise stay for as long as the command runs.
    await esbuild.stop();
  }
}

/** Bare imports other than this repository's own packages (and Node's) are left to Node to load as installed. */
const installedPackagesOutside = {
  name: "installed-packages-outside",
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, ({ path }) =>
      path.startsWith("@rbac-recommender/") || path.startsWith("node:") ? undefined : { path, external: true });
  },
};

/** The installed esbuild's version, without loading it (that takes longer than the rest of the check); undefined if none. */
function installedEsbuild() {
  try {
    const require = createRequire(import.meta.url);
    return require("esbuild/package.json").version;
  } catch {
    return undefined;
  }
}

/** The workspaces' package.json files: their `exports` decide which source an import is. */
async function workspaceManifests() {
  const packages = await readdir(join(ROOT, "packages"), { withFileTypes: true });
  return packages.filter((p) => p.isDirectory()).map((p) => `packages/${p.name}/package.json`);
}

async function readStamp(outdir) {
  try {
    return JSON.parse(await readFile(join(outdir, STAMP), "utf8"));
  } catch {
    return undefined;
  }
}

function sameEntries(stamp, entries) {
  return JSON.stringify(stamp.entries) === JSON.stringify(entries);
}

async function unchanged(inputs) {
  const paths = Object.keys(inputs ?? {});
  const now = await Promise.all(paths.map((path) => fingerprint(path).catch(() => "gone")));
  return paths.length > 0 && paths.every((path, k) => now[k] === inputs[path]);
}

/** Whether every file of the build is still there (one deleted by hand would fail the command's start). */
async function present(dir, outputs) {
  if (!Array.isArray(outputs) || outputs.length === 0) return false;
  const found = await Promise.all(outputs.map((path) => stat(join(dir, path)).then(() => true, () => false)));
  return found.every(Boolean);
}

/**
 * An input as the stamp knows it: its modification time and size (a checkout or a copy changes one of them).
 * One saved while esbuild read it (within a coarse clock's tick of that) may be bundled as it was before: that
 * one never matches, so the next start bundles again.
 */
async function fingerprint(path, bundlingStarted, bundlingFinished) {
  const s = await stat(join(ROOT, path));
  const whileBundling = bundlingStarted !== undefined && s.mtimeMs > bundlingStarted - 2000 && s.mtimeMs <= bundlingFinished + 2000;
  return whileBundling ? "saved while bundling" : `${s.mtimeMs}:${s.size}`;
}

/** Written beside and renamed into place: a reader sees the old file or the new one, never half of one. */
async function writeAtomically(path, contents) {
  const partial = `${path}.${randomUUID()}.partial`;
  await mkdir(join(path, ".."), { recursive: true });
  await writeFile(partial, contents);
  await rename(partial, path);
}

/** A build's directory: its start time (base 36, one width for millennia, so names sort by time), then a random part. */
const BUILD_NAME = /^[0-9a-z]{9}-[0-9a-f]{8}$/;
/** Older than this, a partial file is a build's that stopped half-way, not one still being written. */
const STALE_PARTIAL_MS = 60_000;

/**
 * Builds older than the last few, and leftovers: partial files of stopped builds, files of the earlier layout (one
 * build right in `outdir`). A build another process writes now is newer than all of them, and is left.
 */
async function removeOldBuilds(outdir, current) {
  const names = (await readdir(outdir)).filter((name) => name !== STAMP && name !== current);
  const builds = names.filter((name) => BUILD_NAME.test(name)).sort().reverse();
  const leftovers = names.filter((name) => !BUILD_NAME.test(name));
  for (const name of [...builds.slice(KEPT_BUILDS), ...leftovers]) {
    const path = join(outdir, name);
    if (name.endsWith(".partial") && !(await isStale(path))) continue;
    await rm(path, { recursive: true, force: true });
  }
}

async function isStale(partial) {
  // Gone meanwhile (renamed into place by its build): nothing left to remove.
  const { mtimeMs } = await stat(partial).catch(() => ({ mtimeMs: 0 }));
  return Date.now() - mtimeMs >= STALE_PARTIAL_MS;
}
