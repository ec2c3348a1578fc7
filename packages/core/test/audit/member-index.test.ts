import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileMemberIndex } from "../../scripts/build-wasm.ts";
import { AuditDecoder } from "../../src/audit/decoder.ts";
import { emptyEventFields } from "../../src/audit/event-fields.ts";
import { EventReader } from "../../src/audit/event-reader.ts";
import { IndexedEventReader } from "../../src/audit/indexed-event-reader.ts";
import { FALLBACK } from "../../src/audit/member-index.ts";
import { MEMBER_INDEX_WASM } from "../../src/audit/member-index-wasm.ts";
import { auditEvent } from "./arbitrary-events.ts";
import { decode, event, jsonLines } from "./events.ts";
import { JsonWriter } from "./json-writer.ts";

/** What EventReader makes of b: by JavaScript alone (`indexed` false), or with the member indexer first. */
function read(b: Buffer, indexed: boolean): { end: number; fields: unknown } {
  const reader = new EventReader();
  if (indexed) reader.load(b, 0, b.length);
  const end = reader.readEvent(b, 0, b.length, true);
  reader.unload();
  return { end, fields: end >= 0 ? structuredClone(reader.fields) : undefined };
}

/** Whether the member indexer answers for b on its own. */
function answers(text: string): boolean {
  const b = Buffer.from(text);
  const reader = new IndexedEventReader();
  reader.load(b, 0, b.length);
  const end = reader.read(b, 0, b.length, emptyEventFields());
  reader.unload();
  return end !== FALLBACK;
}

const plain = JSON.stringify(event({ user: "sa:shop:api", verb: "get", resource: "secrets", namespace: "shop", name: "db", at: 0, reason: "RBAC: allowed" }));

describe("the member indexer (WebAssembly)", () => {
  it("is the module its AssemblyScript source compiles to", async () => {
    expect(Buffer.from(await compileMemberIndex()).toString("base64")).toBe(MEMBER_INDEX_WASM);
  }, 60_000);

  it("answers for events as the API server writes them", () => {
    expect(answers(plain)).toBe(true);
    expect(answers(JSON.stringify(JSON.parse(plain), null, 2))).toBe(true);
    expect(answers(plain.replace('"level":"Metadata"', '"level":"RequestResponse","requestObject":{"verb":"delete","user":{"username":"x"},"a":[1,-2.5e3,true,null,"\\"}"]}'))).toBe(true);
  });

  it("leaves to the JavaScript reader what it does not answer for", () => {
    const cases = {
      "an escaped member name": plain.replace('"verb":', '"\\u0076erb":'),
      "a repeated member": plain.replace('"verb":"get"', '"verb":"get","verb":"list"'),
      "a batch's items": plain.replace('"verb":"get"', '"verb":"get","items":[]'),
      "a group that is not a string": plain.replace('"groups":[', '"groups":[1,'),
      "invalid JSON": plain.replace('"verb":"get"', '"verb":get'),
      "a cut event": plain.slice(0, -1),
    };
    for (const [what, text] of Object.entries(cases)) expect(answers(text), what).toBe(false);
  });

  it("reads every event exactly as the JavaScript reader does, written any way, damaged or not", () => {
    const damage = fc.oneof(fc.constant(undefined), fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), fc.tuple(fc.nat(), fc.constant(-1)));
    fc.assert(fc.property(auditEvent, fc.integer(), fc.constantFrom("compact", "pretty", "shipper"), damage, (e, seed, style, change) => {
      const text = style === "compact" ? JSON.stringify(e) : style === "pretty" ? JSON.stringify(e, null, 1) : new JsonWriter(seed).write(e);
      let b = Buffer.from(text);
      if (change !== undefined) {
        const at = change[0] % b.length;
        b = change[1] < 0 ? b.subarray(0, at) : Buffer.from(b.map((c, k) => (k === at ? change[1] : c)));
      }
      expect(read(b, true)).toEqual(read(b, false));
    }), { numRuns: 2000 });
  });

  it("is shared by the decoders of a thread: one run from inside another's callback leaves both right", () => {
    const log = (user: string) => jsonLines(Array.from({ length: 50 }, (_, k) => event({ user, verb: "get", resource: "pods", namespace: `ns-${k}`, at: k })));
    const outer = log("alice"), inner = log("bob");
    const nested: string[] = [];
    const innerDecoder = new AuditDecoder((r) => nested.push(`${r.user.name} ${r.namespace}`));
    const seen: string[] = [];
    const outerDecoder = new AuditDecoder((r) => {
      seen.push(`${r.user.name} ${r.namespace}`);
      if (seen.length === 10) {
        innerDecoder.push(Buffer.from(inner));
        innerDecoder.end();
      }
    });
    outerDecoder.push(Buffer.from(outer));
    outerDecoder.end();
    const names = (text: string) => decode(text).requests.map((r) => `${r.user.name} ${r.namespace}`);
    expect(seen).toEqual(names(outer));
    expect(nested).toEqual(names(inner));
  });

  it("answers for most plain events (a slower decoder would still be correct: this keeps it fast)", () => {
    let answered = 0;
    fc.assert(fc.property(auditEvent, (e) => {
      if (answers(JSON.stringify(e))) answered++;
    }), { numRuns: 200 });
    expect(answered).toBeGreaterThan(100);
  });
});
