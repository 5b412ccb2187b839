import * as pulumi from "@pulumi/pulumi";
import { providerModule, resourceToken } from "../../provider/shim";

/** The part of schema.json (the package schema, `npm run gen:schema`) the program needs. */
interface PropertySpec {
  secret?: boolean;
  $ref?: string;
}
interface PackageSchema {
  types: Record<string, { properties?: Record<string, PropertySpec> }>;
  resources: Record<string, { inputProperties: Record<string, PropertySpec>; properties: Record<string, unknown> }>;
}

/**
 * Property names and secret flags come from schema.json, which is generated from the zod
 * schemas and checked against them (test/unit/schema.test.ts). Reading it keeps the program
 * from loading zod, the API clients and their validation data (~300 ms of every `pulumi up`,
 * measured in bench/): the program only declares, the provider validates.
 */
let packageSchema: PackageSchema | undefined;
function loadSchema(): PackageSchema {
  packageSchema ??= require("pulumi-profiles/schema.json") as PackageSchema;
  return packageSchema;
}

/** A property is secret, or is an object with a secret somewhere inside (then all of it is wrapped). */
function holdsSecret(spec: PropertySpec): boolean {
  if (spec.secret) return true;
  const ref = spec.$ref?.replace(/^#\/types\//, "");
  return Object.values((ref && loadSchema().types[ref]?.properties) ?? {}).some(holdsSecret);
}

/** What the program needs of one resource type, worked out once per type, not per resource. */
interface TypeFacts {
  /** Every property the type has as an output. */
  propertyNames: string[];
  /** The top-level inputs the program wraps as secrets. */
  secretKeys: string[];
}
const factsByToken = new Map<string, TypeFacts>();

function typeFacts(token: string): TypeFacts {
  let facts = factsByToken.get(token);
  if (!facts) {
    const schema = loadSchema().resources[token];
    if (!schema) throw new Error(`schema.json has no resource ${token}: run \`npm run gen:schema\``);
    const { inputProperties } = schema;
    facts = { propertyNames: Object.keys(schema.properties), secretKeys: Object.keys(inputProperties).filter((key) => holdsSecret(inputProperties[key]!)) };
    factsByToken.set(token, facts);
  }
  return facts;
}

/** The top-level inputs of a resource type the program wraps as secrets. */
export function secretInputKeys(token: string): string[] {
  return typeFacts(token).secretKeys;
}

/** Every field may be an Output of another resource; nested objects too. */
export type Inputs<T> = {
  [K in keyof T]?: pulumi.Input<NonNullable<T[K]> extends Record<string, unknown> ? Inputs<NonNullable<T[K]>> : T[K]>;
};

/** What a resource exposes after apply: each managed field as the API holds it. */
export type Outputs<T> = { readonly [K in keyof T]-?: pulumi.Output<T[K] | undefined> };

/**
 * The objects each program run has named so far, by the resource that named them: one object,
 * one resource. Kept per run (the stack resource of each run), because the Automation API runs
 * inline programs again and again in one process.
 */
const namedPerRun = new WeakMap<object, Map<string, string>>();

/**
 * Throws, before this resource is registered, when another resource of the program already
 * names the same object: the profile of the account (an API without locators), or the same
 * literal locator (ids compared without letter case). Locators that are Outputs are checked
 * by the provider instead, before anything is written.
 */
function claimInProgram(api: string, resourceName: string, name: string, args: Record<string, unknown>, locatorKeys: readonly string[]): void {
  const values = locatorKeys.map((key) => args[key]);
  if (values.some((value) => value !== undefined && typeof value !== "string")) return;
  if (locatorKeys.length > 0 && values.every((value) => value === undefined)) return;
  const object = [api, ...values.map((value) => (value as string | undefined)?.toLowerCase() ?? "")].join(":");
  // Outside a stack run (unit tests with mocks) there is no run to scope it to; the provider still checks.
  const stack = pulumi.runtime.getStackResource();
  if (!stack) return;
  let named = namedPerRun.get(stack);
  if (!named) namedPerRun.set(stack, (named = new Map()));
  const other = named.get(object);
  // Each resource's constructor runs once per run, so any earlier claim is another resource's.
  if (other !== undefined) {
    const what = locatorKeys.length === 0 ? `the ${api} ${resourceName} of the account` : `${api} ${resourceName} ${values.filter(Boolean).join(", ")}`;
    throw new Error(`pulumi-profiles: "${other}" and "${name}" both name ${what}: one object can be managed by one resource only. Remove one of them, or point one at another object.`);
  }
  named.set(object, name);
}

export interface LifecycleArgs {
  /** On `pulumi destroy`, write back the values the profile had before this stack changed them. Default: leave the profile as it is. */
  restoreOnDelete?: pulumi.Input<boolean>;
}

/**
 * The shared body of every profile resource class: registered as the dynamic resource
 * `pulumi-nodejs:dynamic/<api>:<resource>` with the provider module of provider/shim, secret
 * fields wrapped as secrets before they leave the program, and every property of the type
 * available as an output.
 */
export abstract class ProfileResource extends pulumi.CustomResource {
  /** Values the profile had before this stack first changed it (non-secret fields only). */
  declare readonly originals: pulumi.Output<Record<string, unknown>>;

  protected constructor(
    api: string,
    resourceName: string,
    name: string,
    args: object,
    opts: pulumi.CustomResourceOptions | undefined,
    outputNames: readonly string[] = [],
    /** The inputs that name which object this is (Twilio `sid`, 2sms `accountId`); none for one profile per account. */
    locatorKeys: readonly string[] = [],
  ) {
    const token = resourceToken(api, resourceName);
    const { propertyNames, secretKeys } = typeFacts(token);
    claimInProgram(api, resourceName, name, args as Record<string, unknown>, locatorKeys);
    // Registered: what the program sets, the API's own outputs, and originals. Each registered
    // property costs the Pulumi SDK four promises with a captured, source-mapped stack trace
    // (runtime/rpc.js transferProperties); registering every field of the schema made a no-op
    // `up` of 200 profiles spend ~1.7 s of CPU there (bench/profileCli.ts).
    const props: Record<string, unknown> = { originals: undefined };
    for (const key of outputNames) props[key] = undefined;
    for (const [key, value] of Object.entries(args)) {
      if (value === undefined) continue;
      props[key] = secretKeys.includes(key) ? pulumi.secret(value) : value;
    }
    props.__provider = providerModule(api);
    // Which resource this is, for the provider's ownership ledger: dynamic providers get no URN.
    props.__owner = opts?.parent ? pulumi.interpolate`${opts.parent.urn}/${name}` : name;
    // The SDK gives each of those promises `new Error().stack`, formatted through the program's
    // source maps, only to print it if the promise leaks; with many profiles that was the
    // largest cost of a no-op `up` (~1.1 s for 200, bench/profileCli.ts). Registration is
    // synchronous, so for its duration the traces are left empty, as Pulumi's own
    // Resource.callsites() adjusts Error.stackTraceLimit around its own capture (which still
    // records every resource's source position). An error thrown here gets its stack back, from
    // this constructor up through the program (a frame inside a user's transformation, which
    // Pulumi runs during registration, is the one thing it cannot show).
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      super(token, name, props, { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...secretKeys] });
    } catch (err) {
      Error.stackTraceLimit = stackTraceLimit;
      if (err instanceof Error) Error.captureStackTrace(err);
      throw err;
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
    // A field the program does not set is not managed and never in state: its output is
    // undefined, made when first used rather than registered. It is derived from `originals` so
    // it still depends on this resource (and is unknown while the resource is being created).
    for (const key of propertyNames) {
      if (key in props) continue;
      Object.defineProperty(this, key, { configurable: true, enumerable: false, get: () => this.originals.apply(() => undefined) });
    }
  }
}
