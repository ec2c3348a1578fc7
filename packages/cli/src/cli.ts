import { InputError } from "@rbac-recommender/adapters";
import { analyzeCommand } from "./analyze-command.ts";
import { CommandError } from "./command-error.ts";
import { demoCommand } from "./demo.ts";
import { HELP, USAGE } from "./help.ts";
import { OutputError } from "./results.ts";
import { serveCommand } from "./serve-command.ts";
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

const COMMANDS: Record<string, (args: string[], terminal: Terminal) => Promise<number>> = {
  analyze: analyzeCommand,
  serve: serveCommand,
  demo: demoCommand,
};

/** Runs one command line and returns the exit code: 0 done, 1 bad input, unusable store or output, 2 bad command line. */
export async function runCli(argv: string[], terminal: Terminal = processTerminal): Promise<number> {
  const [command, ...args] = argv;
  try {
    if (command === undefined) throw new UsageError("no command given (try --help)");
    if (command === "--help" || command === "-h" || command === "help") return help(terminal);
    const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
    if (!run) throw new UsageError(`unknown command '${command}'`);
    // `<command> --help` too: the help describes every command.
    if (args.includes("--help") || args.includes("-h")) return help(terminal);
    return await run(args, terminal);
  } catch (error) {
    return reportFailure(error, terminal);
  }
}

function help(terminal: Terminal): number {
  terminal.stdout(`${HELP}\n`);
  return 0;
}

function reportFailure(error: unknown, terminal: Terminal): number {
  if (error instanceof UsageError) {
    terminal.stderr(`rbac-recommender: ${error.message}\n${error.usage ?? USAGE}\n`);
    return 2;
  }
  if (error instanceof InputError || error instanceof OutputError || error instanceof CommandError) {
    terminal.stderr(`rbac-recommender: ${error.message}\n`);
    return 1;
  }
  // A bug, not bad input: keep the stack, it is what a bug report needs.
  terminal.stderr(`rbac-recommender: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 1;
}
