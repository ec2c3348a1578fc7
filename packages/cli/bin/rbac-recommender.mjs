#!/usr/bin/env node
// A plain `node` line, as `env -S` is not everywhere: `npm run rbac-recommender` adds Node flags that keep peak
// memory lower on large logs (see "Performance" in the README).
import { commandBundle } from "./bundle.mjs";

const bundle = await commandBundle();
if (bundle !== undefined) {
  await import(bundle.href);
} else {
  // No bundle to be had: tsx compiles the TypeScript sources on the fly.
  const { register } = await import("tsx/esm/api");
  register();
  await import("../src/main.ts");
}
