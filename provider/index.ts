/**
 * What the serialized shim loads inside Pulumi's dynamic-provider process
 * (`require("pulumi-profiles/provider")`).
 */
import { lifecycleFor } from "./engine/registry";
import type { ConfigReader } from "./engine/settings";

export { lifecycleFor };

export function configureFrom(api: string, config: ConfigReader): void {
  lifecycleFor(api).configure(config);
}
