#!/usr/bin/env node
// There is no build step: tsx compiles the TypeScript sources on the fly.
import { register } from "tsx/esm/api";

register();
await import("../src/main.ts");
