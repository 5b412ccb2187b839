import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { PulumiFn } from "@pulumi/pulumi/automation";
import { repoRoot } from "../../scripts/pulumi-cli/localStack";
import { secretRefSchema, type Fixture, type ProgramSpec } from "./fixture";

type ResourceClass = new (name: string, args: Record<string, unknown>) => pulumi.CustomResource;
type Sdk = Record<string, Record<string, ResourceClass | undefined> | undefined>;

/**
 * The package as a user's program loads it: compiled, from the checkout's dist/ (what
 * `npm install pulumi-profiles` puts in node_modules), so the `__provider` a run serializes is
 * the one a release writes into state.
 */
export function installedSdk(): Sdk {
  return require(join(repoRoot, "dist/sdk")) as Sdk;
}

/** Inputs with each `{"$secret": key}` read the way programs read secrets: `config.requireSecret(key)`. */
function withConfigSecrets(value: unknown, config: pulumi.Config): unknown {
  if (Array.isArray(value)) return value.map((item) => withConfigSecrets(item, config));
  if (typeof value !== "object" || value === null) return value;
  const ref = secretRefSchema.safeParse(value);
  if (ref.success) return config.requireSecret(ref.data.$secret);
  return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, withConfigSecrets(child, config)]));
}

/**
 * The fixture's program, written as a user writes it (`new wavix.Profile(name, {...})`), with
 * `change` applied when given. A class or export a release removed fails here, as it would
 * fail every user program that names it: that is a major version.
 */
export function programFrom(spec: ProgramSpec, sdk: Sdk, change?: Fixture["change"]): PulumiFn {
  return async () => {
    const config = new pulumi.Config();
    const declared = new Map<string, pulumi.CustomResource>();
    for (const resource of spec.resources) {
      const [module, className] = resource.type.split(".") as [string, string];
      const Resource = sdk[module]?.[className];
      if (!Resource) throw new Error(`pulumi-profiles no longer exports ${resource.type}, which programs of earlier releases declare`);
      const inputs = { ...resource.inputs, ...(change?.resource === resource.name ? change.set : {}) };
      declared.set(resource.name, new Resource(resource.name, withConfigSecrets(inputs, config) as Record<string, unknown>));
    }
    const outputs: Record<string, unknown> = {};
    for (const [name, path] of Object.entries(spec.outputs)) {
      const [resourceName, output] = path.split(".") as [string, string];
      outputs[name] = (declared.get(resourceName) as unknown as Record<string, unknown> | undefined)?.[output];
    }
    return outputs;
  };
}
