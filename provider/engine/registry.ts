import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { ProfileAdapter } from "./adapter";
import { ProfileLifecycle } from "./lifecycle";

/**
 * Adapters are found by folder name, so a fifth API is one new folder under provider/apis/ and
 * nothing here changes. A folder exports its first resource type as `adapter` and any others as
 * `resources` (Twilio's bundle: end users, documents, addresses). One lifecycle per resource type
 * per process: the dynamic-provider host configures each deserialized provider once, and every
 * resource of that type shares the connection.
 */
const lifecycles = new Map<string, ProfileLifecycle>();

interface ApiFolder {
  adapter?: ProfileAdapter;
  resources?: readonly ProfileAdapter[];
}

function loadFolder(name: string): { adapter: ProfileAdapter; resources: readonly ProfileAdapter[] } {
  if (!/^[a-z][a-z0-9]*$/.test(name)) throw new Error(`not an API name: ${JSON.stringify(name)}`);
  // Loaded by name at run time: that is what lets a new folder be a new API.
  const module = require(`../apis/${name}`) as ApiFolder;
  if (!module.adapter || module.adapter.name !== name) throw new Error(`provider/apis/${name} exports no adapter named ${name}`);
  for (const other of module.resources ?? []) if (other.name !== name) throw new Error(`provider/apis/${name} exports a resource of another API: ${other.name}`);
  return { adapter: module.adapter, resources: module.resources ?? [] };
}

/**
 * The adapter of a provider key: an API name for its first resource type ("twilio"), or
 * "<api>/<Resource>" for the others ("twilio/EndUser"). State records the key (the SDK's
 * `__provider` module names it), so the first type's key stays the bare API name it always was.
 */
export function loadAdapter(key: string): ProfileAdapter {
  const [api, resource, ...rest] = key.split("/");
  const folder = loadFolder(api!);
  if (resource === undefined) return folder.adapter;
  const found = rest.length === 0 ? folder.resources.find((a) => a.resourceName === resource) : undefined;
  if (!found) throw new Error(`provider/apis/${api} exports no resource type ${JSON.stringify(resource)}`);
  return found;
}

/** The provider key of an adapter (see loadAdapter). */
export function providerKey(adapter: ProfileAdapter): string {
  return loadFolder(adapter.name).adapter.resourceName === adapter.resourceName ? adapter.name : `${adapter.name}/${adapter.resourceName}`;
}

export function lifecycleFor(key: string): ProfileLifecycle {
  let lifecycle = lifecycles.get(key);
  if (!lifecycle) {
    lifecycle = new ProfileLifecycle(loadAdapter(key));
    lifecycles.set(key, lifecycle);
  }
  return lifecycle;
}

function apiNames(): string[] {
  const root = join(__dirname, "../apis");
  return readdirSync(root)
    .filter((name) => statSync(join(root, name)).isDirectory())
    .sort();
}

/** The first resource type of every API folder under provider/apis, in name order: one per API. */
export function listAdapters(): ProfileAdapter[] {
  return apiNames().map((name) => loadFolder(name).adapter);
}

/** Every resource type of every API, each API's first type first. */
export function listResourceTypes(): ProfileAdapter[] {
  return apiNames().flatMap((name) => {
    const folder = loadFolder(name);
    return [folder.adapter, ...folder.resources];
  });
}
