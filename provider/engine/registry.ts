import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { ProfileAdapter } from "./adapter";
import { ProfileLifecycle } from "./lifecycle";

/**
 * Adapters are found by folder name, so a fifth API is one new folder under provider/apis/ and
 * nothing here changes. One lifecycle per API per process: the dynamic-provider host configures
 * each deserialized provider once, and every resource of that API shares the connection.
 */
const lifecycles = new Map<string, ProfileLifecycle>();

export function loadAdapter(name: string): ProfileAdapter {
  if (!/^[a-z][a-z0-9]*$/.test(name)) throw new Error(`not an API name: ${JSON.stringify(name)}`);
  // Loaded by name at run time: that is what lets a new folder be a new API.
  const module = require(`../apis/${name}`) as { adapter?: ProfileAdapter };
  if (!module.adapter || module.adapter.name !== name) throw new Error(`provider/apis/${name} exports no adapter named ${name}`);
  return module.adapter;
}

export function lifecycleFor(name: string): ProfileLifecycle {
  let lifecycle = lifecycles.get(name);
  if (!lifecycle) {
    lifecycle = new ProfileLifecycle(loadAdapter(name));
    lifecycles.set(name, lifecycle);
  }
  return lifecycle;
}

/** Every API folder under provider/apis, in name order. */
export function listAdapters(): ProfileAdapter[] {
  const root = join(__dirname, "../apis");
  return readdirSync(root)
    .filter((name) => statSync(join(root, name)).isDirectory())
    .sort()
    .map(loadAdapter);
}
