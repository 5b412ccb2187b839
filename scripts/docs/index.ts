import { readFileSync } from "node:fs";
import { join } from "node:path";
import { listAdapters } from "../../provider/engine/registry";
import { referencePage } from "./referencePage";
import { sdkFieldTypes } from "./sdkFieldTypes";

/**
 * Every generated docs file, path → text: what `npm run gen:docs` writes and what the staleness
 * test compares with the committed files. Each API's example program is examples/<api>/index.ts.
 */
export function generatedDocs(root: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const adapter of listAdapters()) {
    const example = `examples/${adapter.name}/index.ts`;
    files.set(`docs/reference/${adapter.name}.md`, referencePage(adapter, { path: example, text: readFileSync(join(root, example), "utf8") }));
    files.set(`sdk/generated/${adapter.name}.ts`, sdkFieldTypes(adapter));
  }
  return files;
}
