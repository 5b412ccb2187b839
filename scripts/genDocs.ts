import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { generatedDocs } from "./docs";

/** `npm run gen:docs`: rewrites docs/reference/<api>.md and sdk/generated/<api>.ts from the schemas and field rules. */
const root = join(__dirname, "../..");
for (const [path, text] of generatedDocs(root)) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
  process.stdout.write(`${path} written\n`);
}
