import { InputError } from "@rbac-recommender/adapters";
import { parseAnalyzeArgs } from "./analyze-args.ts";
import { runDemo } from "./demo.ts";
import { progressReporter } from "./progress.ts";
import { OutputError } from "./results.ts";
import { runAnalysis } from "./run-analysis.ts";
import { formatSummary } from "./summary.ts";
import { HELP, USAGE } from "./help.ts";
import { UsageError } from "./usage-error.ts";

export interface Terminal {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stderr is a terminal (progress redraws one line) or a file/pipe (one line per update). */
  interactive: boolean;
}

export const processTerminal: Terminal = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  interactive: Boolean(process.stderr.isTTY),
};

/** Runs one command line and returns the exit code: 0 done, 1 bad input or unwritable output, 2 bad command line. */
export async function runCli(argv: string[], terminal: Terminal = processTerminal): Promise<number> {
  const [command, ...args] = argv;
  try {
    if (command === undefined) throw new UsageError("no command given (try --help)");
    if (command === "--help" || command === "-h" || command === "help") {
      terminal.stdout(`${HELP}\n`);
      return 0;
    }
    if (command === "analyze") return await analyzeCommand(args, terminal);
    if (command === "demo") return await runDemo(terminal);
    throw new UsageError(`unknown command '${command}'`);
  } catch (error) {
    return reportFailure(error, terminal);
  }
}

async function analyzeCommand(args: string[], terminal: Terminal): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    terminal.stdout(`${HELP}\n`);
    return 0;
  }
  const options = parseAnalyzeArgs(args);
  const progress = progressReporter(terminal.stderr, terminal.interactive);
  const run = await runAnalysis(options, progress.update).finally(progress.done);
  terminal.stdout(formatSummary(run));
  return 0;
}

function reportFailure(error: unknown, terminal: Terminal): number {
  if (error instanceof UsageError) {
    terminal.stderr(`rbac-recommender: ${error.message}\n${USAGE}\n`);
    return 2;
  }
  if (error instanceof InputError || error instanceof OutputError) {
    terminal.stderr(`rbac-recommender: ${error.message}\n`);
    return 1;
  }
  // A bug, not bad input: keep the stack, it is what a bug report needs.
  terminal.stderr(`rbac-recommender: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 1;
}
