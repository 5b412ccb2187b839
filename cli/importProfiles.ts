import type { ProfileAdapter } from "../provider/engine/adapter";
import { ConfigurationError } from "../provider/engine/errors";
import { listAdapters } from "../provider/engine/registry";
import type { Settings } from "../provider/engine/settings";
import { resourceNameFor, type ImportedProfile } from "./codegen";
import { importReferenced } from "./importReferenced";

export interface ImportRequest {
  /** API folder names; with `all`, every API whose credentials are present. */
  apis: string[];
  all: boolean;
  /** Twilio Customer-Profile to import; without it every profile the credentials see. */
  sid?: string | undefined;
  /** 2sms account to import; without it the API client's own account. */
  id?: string | undefined;
}

/**
 * One read per profile, through the same adapters (and so the same auth and errors) as the
 * provider; then one per object the profiles name (a Twilio bundle's), before the profiles.
 */
export async function importProfiles(request: ImportRequest, settings: Settings, progress: (line: string) => void): Promise<ImportedProfile[]> {
  const adapters: ProfileAdapter[] = request.all ? listAdapters() : request.apis.map((name) => listAdapters().find((a) => a.name === name)!);
  const taken = new Set<string>();
  const imported: ImportedProfile[] = [];
  for (const adapter of adapters) {
    let api;
    try {
      api = adapter.connect(settings);
    } catch (err) {
      if (request.all && err instanceof ConfigurationError) {
        progress(`skipping ${adapter.displayName}: ${err.message}`);
        continue;
      }
      throw err;
    }
    const locatorKeys = Object.keys(adapter.locatorSchema?.shape ?? {});
    const locator: Record<string, string> = {};
    if (request.sid && locatorKeys.includes("sid")) locator.sid = request.sid;
    if (request.id && locatorKeys.includes("accountId")) locator.accountId = request.id;

    const profiles: ImportedProfile[] = [];
    if (api.list && Object.keys(locator).length === 0) {
      progress(`listing ${adapter.displayName} profiles…`);
      for (const { id, result } of await api.list()) {
        profiles.push({ adapter, name: resourceNameFor(adapter.name, String(result.fields.FriendlyName ?? id), taken), locator: { [locatorKeys[0]!]: id }, fields: result.fields });
      }
    } else {
      progress(`reading the ${adapter.displayName} profile…`);
      const id = api.locate ? await api.locate(locator) : (adapter.singletonId ?? adapter.name);
      const result = await api.read(id);
      if (!result) throw new ConfigurationError(adapter.name, `${adapter.displayName} profile ${id} was not found`);
      const pinned = locatorKeys.length > 0 ? { [locatorKeys[0]!]: id, ...locator } : locator;
      profiles.push({ adapter, name: resourceNameFor(adapter.name, undefined, taken), locator: pinned, fields: result.fields });
    }
    imported.push(...(await importReferenced(profiles, settings, taken, progress)), ...profiles);
  }
  return imported;
}
