#!/usr/bin/env -S node --max-semi-space-size=1
// The young generation kept small: see "Performance" in the README.
// There is no build step: tsx compiles the TypeScript sources on the fly.
import { register } from "tsx/esm/api";

register();
await import("../src/main.ts");
