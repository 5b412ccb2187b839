import { readFileSync } from "node:fs";
import { join } from "node:path";
import { listResourceTypes, providerKey } from "../../provider/engine/registry";
import { referencePage } from "./referencePage";
import { sdkFieldTypes } from "./sdkFieldTypes";

/**
 * Every generated docs file, path → text: what `npm run gen:docs` writes and what the staleness
 * test compares with the committed files. Each API's example program is examples/<api>/index.ts.
 */
export function generatedDocs(root: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const adapter of listResourceTypes()) {
    const example = `examples/${adapter.name}/index.ts`;
    // An API's further resource types (Twilio's bundle) get pages and types of their own, named after them.
    const first = providerKey(adapter) === adapter.name;
    const file = first ? adapter.name : `${adapter.name}-${kebab(adapter.resourceName)}`;
    const exportName = first ? "adapter" : `${adapter.resourceName[0]!.toLowerCase()}${adapter.resourceName.slice(1)}Adapter`;
    files.set(`docs/reference/${file}.md`, referencePage(adapter, { path: example, text: readFileSync(join(root, example), "utf8") }));
    files.set(`sdk/generated/${file}.ts`, sdkFieldTypes(adapter, exportName));
  }
  return files;
}

function kebab(name: string): string {
  return name.replace(/([a-z])([A-Z])/g, "$1-$2").toLowerCase();
}
