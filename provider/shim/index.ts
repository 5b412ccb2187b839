/**
 * The `__provider` state property of every profile resource: the module Pulumi's dynamic-provider
 * host loads to get the provider (it `require`s the text with require-from-string, then calls
 * `exports.handler()`; @pulumi/pulumi cmd/dynamic-provider/index.js, getProvider).
 *
 * Written out here rather than produced by pulumi.dynamic.Resource's closure serializer: it holds
 * nothing but the API name, so it is a few hundred bytes of state instead of 2.8 KB (stored twice
 * per resource, inputs and outputs), and the program never loads the serializer (and the
 * TypeScript parser it runs on every captured function) just to write it. It holds no secret.
 *
 * The engine is loaded at run time from the program's own node_modules, so upgrading the package
 * upgrades the provider of existing stacks; state keeps no copy of the engine.
 */
export function providerModule(key: string): string {
  // An API name ("twilio"), or an API's further resource type ("twilio/EndUser"): see provider/engine/registry.ts.
  if (!/^[a-z][a-z0-9]*(\/[A-Z][A-Za-z0-9]*)?$/.test(key)) throw new Error(`not a provider key: ${JSON.stringify(key)}`);
  return [
    "exports.handler = function () {",
    `  try { return require("pulumi-profiles/provider").providerFor("${key}"); }`,
    '  catch (err) { if (err.code !== "MODULE_NOT_FOUND") throw err;',
    '    throw new Error("pulumi-profiles is not installed where this Pulumi program runs (" + process.cwd() + "): run `npm install pulumi-profiles` there"); }',
    "};",
    "",
  ].join("\n");
}

/**
 * The type token of a profile resource, as pulumi.dynamic.Resource would register it
 * (`pulumi-nodejs:dynamic/<module>:<type>`): the "pulumi-nodejs" provider is the dynamic-provider
 * host. schema.json is keyed by it, and the SDK registers it.
 */
export function resourceToken(api: string, resourceName: string): string {
  return `pulumi-nodejs:dynamic/${api}:${resourceName}`;
}

/**
 * What the SDK sends as a resource's `__owner` when the program withdrew it (another resource
 * of the program names the same object), followed by the reason: the provider's check refuses
 * it, so nothing of it is written. A value, not a rejected input: a rejected input surfaces as
 * an unhandled error in the program's process instead of a failure of that resource.
 */
export const WITHDRAWN_OWNER = "pulumi-profiles:withdrawn:";
