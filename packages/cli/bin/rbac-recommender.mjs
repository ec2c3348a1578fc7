#!/usr/bin/env node
// A plain `node` line, as `env -S` is not everywhere: NODE_OPTIONS=--max-semi-space-size=1 keeps peak memory
// lower on large logs, as `npm run rbac-recommender` does (see "Performance" in the README).
// There is no build step: tsx compiles the TypeScript sources on the fly.
import { register } from "tsx/esm/api";

register();
await import("../src/main.ts");
