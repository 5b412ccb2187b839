import type { ProfileAdapter, ProfileApi } from "../provider/engine/adapter";
import { listAdapters, listResourceTypes } from "../provider/engine/registry";
import type { Settings } from "../provider/engine/settings";
import { resourceNameFor, type ImportedProfile } from "./codegen";
import { referencesIn } from "./references";

/** "EndUser" → "end user": the name of a resource without a FriendlyName. */
const words = (resourceName: string) => resourceName.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();

/**
 * The objects the imported profiles name (a Twilio bundle's end users and supporting documents,
 * and the Addresses those documents name), followed to the end. Each is read once, however many
 * profiles name it, through its own adapter: the provider's auth, and its errors. A profile named
 * by another (an ISV's primary) is not read: which profiles come in is the command's choice (all,
 * or --sid), and one left out stays a literal id. Returned in the order the API folder lists its
 * resource types, which is the order a program declares them in.
 */
export async function importReferenced(holders: ImportedProfile[], settings: Settings, taken: Set<string>, progress: (line: string) => void): Promise<ImportedProfile[]> {
  const types = listResourceTypes();
  const profileTypes = new Set(listAdapters());
  const seen = new Set(holders.flatMap((h) => Object.values(h.locator)));
  const clients = new Map<ProfileAdapter, ProfileApi>();
  const imported: ImportedProfile[] = [];
  for (let pending = holders; pending.length > 0; ) {
    const next: ImportedProfile[] = [];
    for (const holder of pending) {
      for (const { id, resourceName } of referencesIn(holder.adapter, holder.fields)) {
        const adapter = types.find((a) => a.name === holder.adapter.name && a.resourceName === resourceName);
        if (!adapter || profileTypes.has(adapter) || seen.has(id)) continue;
        seen.add(id);
        let api = clients.get(adapter);
        if (!api) clients.set(adapter, (api = adapter.connect(settings)));
        progress(`reading ${adapter.displayName} ${words(resourceName)} ${id}…`);
        const result = await api.read(id);
        if (!result) {
          // The profile still names it, so the program names the same id and up compares equal lists.
          progress(`${adapter.displayName} ${words(resourceName)} ${id}, named by ${holder.name}, was not found: it stays a literal id`);
          continue;
        }
        const locatorKey = Object.keys(adapter.locatorSchema?.shape ?? {})[0] ?? "sid";
        const label = typeof result.fields.FriendlyName === "string" && result.fields.FriendlyName !== "" ? result.fields.FriendlyName : words(resourceName);
        const object: ImportedProfile = { adapter, name: resourceNameFor(adapter.name, [holder.account, label].filter(Boolean).join(" "), taken), locator: { [locatorKey]: id }, fields: result.fields, ...(holder.account ? { account: holder.account } : {}) };
        imported.push(object);
        next.push(object);
      }
    }
    pending = next;
  }
  return imported.map((object, index) => ({ object, index })).sort((a, b) => types.indexOf(a.object.adapter) - types.indexOf(b.object.adapter) || a.index - b.index).map(({ object }) => object);
}
