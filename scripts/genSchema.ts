import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { listResourceTypes } from "../provider/engine/registry";
import { packageSchema } from "../provider/engine/packageSchema";
import { driftReportJsonSchema } from "../cli/drift/reportJsonSchema";

/**
 * `npm run gen:schema`: rewrites the generated schemas, schema.json from the zod schemas of every
 * API folder and docs/drift-report.schema.json from the drift report's.
 */
const root = join(__dirname, "../..");
const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
writeFileSync(join(root, "schema.json"), JSON.stringify(packageSchema(listResourceTypes(), version), null, 2) + "\n");
writeFileSync(join(root, "docs/drift-report.schema.json"), JSON.stringify(driftReportJsonSchema(), null, 2) + "\n");
process.stdout.write("schema.json and docs/drift-report.schema.json written\n");
