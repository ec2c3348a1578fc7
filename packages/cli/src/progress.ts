import type { AuditReadProgress } from "@rbac-recommender/adapters";

const INTERVAL_MS = 1000;

/**
 * Progress for long reads, on stderr so stdout stays the summary. Nothing is shown in the first second,
 * so short inputs print no progress at all; after that at most one line per second.
 */
export function progressReporter(write: (text: string) => void, interactive: boolean, now: () => number = Date.now) {
  const started = now();
  let shownAt = started;
  let shown = false;
  return {
    update(progress: AuditReadProgress): void {
      const at = now();
      if (at - shownAt < INTERVAL_MS) return;
      shownAt = at;
      shown = true;
      const line = describeProgress(progress, (at - started) / 1000);
      // On a terminal the line is redrawn in place; in a log file every line stays.
      write(interactive ? `\r${line}\u001b[K` : `${line}\n`);
    },
    done(): void {
      if (shown && interactive) write("\n");
    },
  };
}

export function describeProgress(progress: AuditReadProgress, seconds: number): string {
  const rate = seconds > 0 ? Math.round(progress.events / seconds) : 0;
  return `reading audit logs: ${formatBytes(progress.bytesRead)}, ${progress.events.toLocaleString("en-US")} events (${rate.toLocaleString("en-US")} events/s)`;
}

export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}
