#!/usr/bin/env node
// `npx pulumi-profiles import …` / `drift …`: the compiled command (npm run build produces dist/).
// exitCode, not process.exit(): stdout to a pipe is written asynchronously, and exiting at once
// would cut a long report off at the pipe's buffer (64 KiB).
require("../dist/cli/main.js")
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
