import { describe, expect, it } from "vitest";
import { progressReporter } from "../src/progress.ts";

function clock() {
  let now = 0;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe("progressReporter", () => {
  it("stays silent for inputs read within the first second", () => {
    const lines: string[] = [];
    const time = clock();
    const progress = progressReporter((t) => lines.push(t), false, time.now);
    for (let i = 0; i < 100; i++) {
      time.advance(9);
      progress.update({ bytesRead: i * 1000, events: i * 10 });
    }
    progress.done();
    expect(lines).toEqual([]);
  });

  it("prints at most one line per second with bytes and events per second", () => {
    const lines: string[] = [];
    const time = clock();
    const progress = progressReporter((t) => lines.push(t), false, time.now);
    for (let i = 1; i <= 40; i++) {
      time.advance(100);
      progress.update({ bytesRead: i * 1024 * 1024, events: i * 5000 });
    }
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe("reading audit logs: 10.0 MiB, 50,000 events (50,000 events/s)\n");
  });

  it("redraws one line on a terminal and ends it when done", () => {
    const lines: string[] = [];
    const time = clock();
    const progress = progressReporter((t) => lines.push(t), true, time.now);
    time.advance(1500);
    progress.update({ bytesRead: 2048, events: 3 });
    progress.done();
    expect(lines).toEqual(["\rreading audit logs: 2.0 KiB, 3 events (2 events/s)\u001b[K", "\n"]);
  });
});
