/**
 * What Pulumi's dynamic-provider process loads (`require("pulumi-profiles/provider")`), through
 * the `__provider` module of provider/shim. Only the API a resource names is loaded, when the
 * host first deserializes that resource's provider.
 */
import type { dynamic } from "@pulumi/pulumi";
import { lifecycleFor } from "./engine/registry";
import type { ConfigReader } from "./engine/settings";

/**
 * One configuration per API per process. The host configures every distinct `__provider` it
 * deserializes, all with the same stack config; a stack written by an older release holds its
 * serialized closure in outputs until the resource is next updated, so a refresh there loads
 * both. Configuring twice would build a second client (and fetch a second 2sms token).
 */
const configured = new Set<string>();
function configureOnce(api: string, config: ConfigReader): void {
  if (configured.has(api)) return;
  configured.add(api);
  lifecycleFor(api).configure(config);
}

/** The provider object the host calls for every resource of one API. */
export function providerFor(api: string): dynamic.ResourceProvider {
  const lifecycle = lifecycleFor(api);
  return {
    configure: async (req) => configureOnce(api, req.config),
    check: (olds, news) => lifecycle.check(olds, news),
    diff: (id, olds, news) => lifecycle.diff(id, olds, news),
    create: (inputs) => lifecycle.create(inputs),
    read: (id, props) => lifecycle.read(id, props ?? {}),
    update: (id, olds, news) => lifecycle.update(id, olds, news),
    delete: (id, props) => lifecycle.delete(id, props),
  };
}

// What the closure-serialized providers of 0.1.0 stacks call (test/upgrade keeps them working).
export { lifecycleFor };

export function configureFrom(api: string, config: ConfigReader): void {
  configureOnce(api, config);
}
