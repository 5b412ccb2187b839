import * as pulumi from "@pulumi/pulumi";
import type { ProfileAdapter } from "../../provider/engine/adapter";
import { shimProvider } from "../../provider/shim";

/**
 * One shim per API for the whole program: Pulumi caches a provider's serialization per object,
 * so sharing it serializes the closure once instead of once per resource (the benchmark's
 * 200-profile stack spent most of a no-op `up` re-serializing it).
 */
const shims = new Map<string, pulumi.dynamic.ResourceProvider>();
function shimFor(api: string): pulumi.dynamic.ResourceProvider {
  let shim = shims.get(api);
  if (!shim) {
    shim = shimProvider(api);
    shims.set(api, shim);
  }
  return shim;
}

/** Every field may be an Output of another resource; nested objects too. */
export type Inputs<T> = {
  [K in keyof T]?: pulumi.Input<NonNullable<T[K]> extends Record<string, unknown> ? Inputs<NonNullable<T[K]>> : T[K]>;
};

/** What a resource exposes after apply: each managed field as the API holds it. */
export type Outputs<T> = { readonly [K in keyof T]-?: pulumi.Output<T[K] | undefined> };

export interface LifecycleArgs {
  /** On `pulumi destroy`, write back the values the profile had before this stack changed them. Default: leave the profile as it is. */
  restoreOnDelete?: pulumi.Input<boolean>;
}

/**
 * The shared body of every profile resource class: the tiny shim as provider, secret fields
 * wrapped as secrets before they leave the program, and every field registered as an output.
 */
export abstract class ProfileResource extends pulumi.dynamic.Resource {
  /** Values the profile had before this stack first changed it (non-secret fields only). */
  declare readonly originals: pulumi.Output<Record<string, unknown>>;

  protected constructor(
    adapter: ProfileAdapter,
    name: string,
    args: object,
    opts: pulumi.CustomResourceOptions | undefined,
    outputNames: readonly string[] = [],
  ) {
    const secretKeys = [...new Set(Object.entries(adapter.fieldRules).filter(([, rule]) => rule.secret).map(([path]) => path.split(".")[0]!))];
    const props: Record<string, unknown> = { originals: undefined };
    for (const key of [...Object.keys(adapter.profileSchema.shape), ...outputNames]) props[key] = undefined;
    for (const [key, value] of Object.entries(args)) {
      if (value === undefined) continue;
      props[key] = secretKeys.includes(key) ? pulumi.secret(value) : value;
    }
    super(shimFor(adapter.name), name, props, { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...secretKeys] }, adapter.name, adapter.resourceName);
  }
}
