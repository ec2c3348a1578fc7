import { Worker } from "node:worker_threads";
const WORKER = new URL("../packages/adapters/src/files/audit-worker.ts", import.meta.url);
const code = `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))}).then((tsx) => tsx.register()).then(() => import(${JSON.stringify(WORKER.href)}));`;
const w = new Worker(code, { eval: true });
const t = performance.now();
w.postMessage({ path: process.argv[2], range: process.argv[3] ? { start: 0, end: Number(process.argv[3]) } : undefined });
w.on("message", (m) => { if (m.kind !== "progress") { console.log("worker job", (performance.now() - t).toFixed(0)); w.terminate(); } });
