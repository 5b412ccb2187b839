import type { ProfileAdapter, ProfileApi, ReadResult } from "../provider/engine/adapter";
import { ConfigurationError } from "../provider/engine/errors";
import { listAdapters } from "../provider/engine/registry";
import { MissingSettingError, type Settings } from "../provider/engine/settings";
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
 * Every configured account of an API is imported (the top-level settings, and each name of
 * `<api>:accounts` or `<VAR>__<NAME>`), each profile with the `account` it came from.
 */
export async function importProfiles(request: ImportRequest, settings: Settings, progress: (line: string) => void): Promise<ImportedProfile[]> {
  const adapters: ProfileAdapter[] = request.all ? listAdapters() : request.apis.map((name) => listAdapters().find((a) => a.name === name)!);
  const taken = new Set<string>();
  const imported: ImportedProfile[] = [];
  // One account configured under two names (or at the top level and by name) is one object.
  const seen = new Map<string, string>();
  for (const adapter of adapters) {
    const accounts = settings.accountNames(adapter.name);
    for (const account of [undefined, ...accounts]) {
      const scoped = account === undefined ? settings : settings.forAccount(account);
      let api;
      try {
        api = adapter.connect(scoped);
      } catch (err) {
        // A set that lacks a setting is skipped, saying so: with --all, an API not configured;
        // beside named accounts, the top-level set, or a name only a shared variable gave
        // (WAVIX_BASE_URL__STAGING). A setting given wrong is an error, whatever the set.
        if (err instanceof MissingSettingError && (request.all || account !== undefined || accounts.length > 0)) {
          if (account !== undefined || accounts.length === 0) progress(`skipping ${adapter.displayName}${account ? ` account ${account}` : ""}: ${err.message}`);
          continue;
        }
        throw err;
      }
      const profiles = await importAccount(adapter, api, account, request, { taken, seen }, progress);
      imported.push(...(await importReferenced(profiles, scoped, taken, progress)), ...profiles);
    }
  }
  return imported;
}

/** The profiles one credential set reaches: every one the API lists, or the one it locates. */
async function importAccount(
  adapter: ProfileAdapter,
  api: ProfileApi,
  account: string | undefined,
  request: ImportRequest,
  names: { taken: Set<string>; seen: Map<string, string> },
  progress: (line: string) => void,
): Promise<ImportedProfile[]> {
  const { taken } = names;
  const locatorKeys = Object.keys(adapter.locatorSchema?.shape ?? {});
  const locator: Record<string, string> = {};
  if (request.sid && locatorKeys.includes("sid")) locator.sid = request.sid;
  if (request.id && locatorKeys.includes("accountId")) locator.accountId = request.id;
  const of = account === undefined ? "" : ` of account ${account}`;
  const label = (name: string | undefined) => [account, name].filter(Boolean).join(" ") || undefined;
  const inAccount = account === undefined ? {} : { account };

  /** Whether another credential set brought this object already (the API reports its account). */
  const again = (id: string, result: ReadResult): boolean => {
    const key = `${adapter.name}/${result.account ?? account ?? ""}/${id}`;
    const first = names.seen.get(key);
    if (first === undefined) names.seen.set(key, account ?? "the top-level settings");
    else progress(`${adapter.displayName} ${id}${of} is the one ${first === "the top-level settings" ? first : `account ${first}`} reached: imported once`);
    return first !== undefined;
  };
  const profiles: ImportedProfile[] = [];
  if (api.list && Object.keys(locator).length === 0) {
    progress(`listing ${adapter.displayName} profiles${of}…`);
    for (const { id, result } of await api.list()) {
      if (again(id, result)) continue;
      const name = result.fields.FriendlyName ?? result.fields.Name ?? id;
      profiles.push({ adapter, name: resourceNameFor(adapter.name, label(String(name)), taken), locator: { [locatorKeys[0]!]: id }, fields: result.fields, ...inAccount });
    }
    return profiles;
  }
  progress(`reading the ${adapter.displayName} profile${of}…`);
  const id = api.locate ? await api.locate(locator) : (adapter.singletonId ?? adapter.name);
  const result = await api.read(id);
  if (!result) throw new ConfigurationError(adapter.name, `${adapter.displayName} profile ${id}${of} was not found`);
  if (again(id, result)) return [];
  const pinned = locatorKeys.length > 0 ? { [locatorKeys[0]!]: id, ...locator } : locator;
  profiles.push({ adapter, name: resourceNameFor(adapter.name, label(undefined), taken), locator: pinned, fields: result.fields, ...inAccount });
  return profiles;
}
