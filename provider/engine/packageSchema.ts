import * as z from "zod/mini";
import type { ProfileAdapter } from "./adapter";
import { lifecycleOptionsSchema } from "./lifecycle";
import { resourceToken } from "../shim";

/**
 * The Pulumi package schema (schema.json), derived from the same zod schemas that check inputs,
 * so the documented surface cannot drift from what the provider accepts. A field's description is
 * registered on its schema in z.globalRegistry (`.register(z.globalRegistry, { description })`),
 * where z.toJSONSchema reads it: unlike the z.describe() check, that neither clones the schema
 * at load nor adds a no-op check to every parse.
 */
type JsonSchema = { type?: string | string[]; description?: string; readFrom?: string; properties?: Record<string, JsonSchema>; enum?: unknown[]; anyOf?: JsonSchema[] };
type PropertySpec = { type?: string; $ref?: string; description?: string; secret?: boolean; enum?: unknown[] };

export const PACKAGE_NAME = "pulumi-profiles";

function pascal(name: string): string {
  return name.replace(/(^|_)([a-z])/g, (_m, _u, c: string) => c.toUpperCase());
}

export function packageSchema(adapters: ProfileAdapter[], version: string): Record<string, unknown> {
  const types: Record<string, unknown> = {};
  const resources: Record<string, unknown> = {};

  const propertyOf = (adapter: ProfileAdapter, path: string, schema: JsonSchema): PropertySpec => {
    const scalar = schema.anyOf?.find((s) => s.type !== "null") ?? schema;
    const type = Array.isArray(scalar.type) ? scalar.type.find((t) => t !== "null") : scalar.type;
    if (type === "object" && scalar.properties) {
      // Named after the resource type too: two types of one API may nest objects of one name
      // (Twilio's EndUser and SupportingDocument both have Attributes) with different fields.
      const token = `${PACKAGE_NAME}:${adapter.name}:${adapter.resourceName}${pascal(path.split(".").at(-1)!)}`;
      if (token in types) throw new Error(`schema type ${token} is named twice`);
      types[token] = { type: "object", properties: propertiesOf(adapter, scalar.properties, `${path}.`) };
      return { $ref: `#/types/${token}` };
    }
    const spec: PropertySpec = { type: type === "integer" ? "integer" : (type ?? "string") };
    if (scalar.enum) spec.enum = scalar.enum;
    if (schema.description) spec.description = schema.description;
    if (schema.readFrom) spec.description = `${spec.description ? spec.description + " " : ""}Read back from ${schema.readFrom}.`;
    const rule = adapter.fieldRules[path];
    if (rule?.secret) spec.secret = true;
    if (rule?.writeOnly) spec.description = `${spec.description ? spec.description + " " : ""}Write-only: never returned by the API, compared with the last applied value.`;
    return spec;
  };
  const propertiesOf = (adapter: ProfileAdapter, properties: Record<string, JsonSchema>, prefix = ""): Record<string, PropertySpec> =>
    Object.fromEntries(Object.entries(properties).map(([key, schema]) => [key, propertyOf(adapter, `${prefix}${key}`, schema)]));

  for (const adapter of adapters) {
    const options = adapter.deletesObjects ? lifecycleOptionsSchema : z.omit(lifecycleOptionsSchema, { deleteOnDestroy: true });
    const inputs = z.object({ ...adapter.profileSchema.shape, ...(adapter.locatorSchema?.shape ?? {}), ...options.shape });
    const json = z.toJSONSchema(inputs, { unrepresentable: "any", io: "input" }) as JsonSchema;
    const inputProperties = propertiesOf(adapter, json.properties ?? {});
    resources[resourceToken(adapter.name, adapter.resourceName)] = {
      description: `${adapter.displayName} ${adapter.resourceName.toLowerCase()}, managed field by field: only the fields a program sets are written or compared.`,
      inputProperties,
      properties: { ...inputProperties, originals: { type: "object", additionalProperties: { $ref: "pulumi.json#/Any" }, description: "Values the profile had before this stack first changed it." } },
    };
  }
  return { name: PACKAGE_NAME, version, description: "Account profiles of communication platforms as Pulumi dynamic resources", types, resources };
}
