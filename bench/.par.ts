import { Usage } from "@rbac-recommender/core";
import { readAuditUsage } from "@rbac-recommender/adapters";
const t = performance.now();
console.error("main start", t.toFixed(0), performance.timeOrigin.toFixed(0));
const b = new Usage();
await readAuditUsage(process.argv.slice(2), b);
console.error("done", (performance.now()).toFixed(0));
