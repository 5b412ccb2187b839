import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { listAdapters } from "../provider/engine/registry";
import { packageSchema } from "../provider/engine/packageSchema";

/** `npm run gen:schema`: rewrites schema.json from the zod schemas of every API folder. */
const root = join(__dirname, "../..");
const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
writeFileSync(join(root, "schema.json"), JSON.stringify(packageSchema(listAdapters(), version), null, 2) + "\n");
process.stdout.write("schema.json written\n");
