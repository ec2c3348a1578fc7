import { runCli } from "./cli.ts";

// The entry point only: `npm start`, the bin launcher and `tsx packages/cli/src/main.ts` all land here.
process.exitCode = await runCli(process.argv.slice(2));
