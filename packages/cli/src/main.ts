import { runCli } from "./cli.ts";

// The AWS SDK prints a multi-line notice about Node 20 when a client is created; the CLI promises one line
// per error on stderr, and Node 20 is a supported runtime of this tool.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

// The entry point only: `npm start`, the bin launcher and `tsx packages/cli/src/main.ts` all land here.
process.exitCode = await runCli(process.argv.slice(2));
