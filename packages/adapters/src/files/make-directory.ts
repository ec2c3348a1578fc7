import { mkdir, stat } from "node:fs/promises";
import { dirname } from "node:path";

/**
 * `mkdir -p` that always ends. Node 20's recursive mkdir loops for ever where making a directory fails with
 * ENOENT although its parent exists, as procfs answers: `--out /proc/x` spun at 100% CPU until killed.
 */
export async function makeDirectory(path: string): Promise<void> {
  const failed = await mkdir(path).then(() => undefined, (error: NodeJS.ErrnoException) => error);
  if (failed === undefined) return;
  if (failed.code === "EEXIST") {
    // A directory already there is what was asked for; a file in its place is not.
    if (await stat(path).then((s) => s.isDirectory(), () => false)) return;
    throw failed;
  }
  const parent = dirname(path);
  if (failed.code !== "ENOENT" || parent === path) throw failed;
  await makeDirectory(parent);
  // Once: a second ENOENT with the parent there is the case that loops.
  await mkdir(path).catch(async (error: NodeJS.ErrnoException) => {
    if (error.code !== "EEXIST" || !(await stat(path)).isDirectory()) throw error;
  });
}
