#!/usr/bin/env node
// A plain `node` line, as `env -S` is not everywhere: `npm run rbac-recommender` adds Node flags that keep peak
// memory lower on large logs (see "Performance" in the README).
// There is no build step: tsx compiles the TypeScript sources on the fly.
import { register } from "tsx/esm/api";

register();
await import("../src/main.ts");
