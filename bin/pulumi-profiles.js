#!/usr/bin/env node
// `npx pulumi-profiles import …`: the compiled command (npm run build produces dist/).
require("../dist/cli/main.js")
  .main(process.argv.slice(2))
  .then((code) => process.exit(code));
