import { listResourceTypes, providerKey } from "../../provider/engine/registry";
import { ProfileDriver } from "./driver";
import { OutputReference, type DeclaredResource } from "./generatedProgram";

/** One declared resource, applied: its driver (state, refresh, preview) and its arguments as resolved. */
export interface AppliedResource {
  resource: DeclaredResource;
  driver: ProfileDriver;
  inputs: Record<string, unknown>;
}

/** The provider key of an SDK class: `twilio.EndUser` → "twilio/EndUser". */
function keyOf(resource: DeclaredResource): string {
  const adapter = listResourceTypes().find((a) => a.name === resource.module && a.resourceName === resource.className);
  if (!adapter) throw new Error(`no resource type ${resource.module}.${resource.className}`);
  return providerKey(adapter);
}

/**
 * `pulumi up` of a declared program, in-process: each resource in declaration order (the order a
 * reference to an earlier one needs), with every OutputReference replaced by that resource's
 * output as its apply recorded it, as the engine resolves Outputs.
 */
export async function applyDeclared(resources: DeclaredResource[], env: Record<string, string>): Promise<AppliedResource[]> {
  const applied = new Map<DeclaredResource, AppliedResource>();
  const resolve = (value: unknown): unknown => {
    if (value instanceof OutputReference) {
      const source = applied.get(value.resource);
      if (!source) throw new Error(`${value.resource.name}.${value.output} is used before ${value.resource.name} is declared`);
      return source.driver.state![value.output];
    }
    if (Array.isArray(value)) return value.map(resolve);
    if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
    return value;
  };
  for (const resource of resources) {
    const inputs = resolve(resource.args) as Record<string, unknown>;
    const driver = new ProfileDriver(keyOf(resource), env);
    const { failures } = await driver.up(inputs);
    if (failures.length > 0) throw new Error(`${resource.name} fails check: ${JSON.stringify(failures)}`);
    applied.set(resource, { resource, driver, inputs });
  }
  return [...applied.values()];
}
