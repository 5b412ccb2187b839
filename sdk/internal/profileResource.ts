import * as pulumi from "@pulumi/pulumi";
import { providerModule, resourceToken, WITHDRAWN_OWNER } from "../../provider/shim";

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
  [K in keyof T]?: pulumi.Input<
    NonNullable<T[K]> extends ReadonlyArray<infer Item> ? pulumi.Input<Item>[] : NonNullable<T[K]> extends Record<string, unknown> ? Inputs<NonNullable<T[K]>> : T[K]
  >;
};

/** What a resource exposes after apply: each managed field as the API holds it. */
export type Outputs<T> = { readonly [K in keyof T]-?: pulumi.Output<T[K] | undefined> };

/**
 * What a resource exposes of the API's own read-only values: every read reports them, so one the
 * API always answers (a Twilio `sid`) is typed as present, and `address.sid` can be the input of
 * another resource (`Attributes: { address_sids: address.sid }`) without a cast.
 */
export type ApiOutputs<T> = { readonly [K in keyof T]-?: pulumi.Output<T[K]> };

/**
 * The objects each program run has named so far, by the resource that named them: one object,
 * one resource. Kept per run (the stack resource of each run), because the Automation API runs
 * inline programs again and again in one process.
 */
interface Claim {
  name: string;
  /** Marks the claimant withdrawn, before it registers: the provider's check then refuses it. */
  withdraw(reason: string): void;
}
const namedPerRun = new WeakMap<object, Map<string, Claim>>();

/**
 * The `__owner` input, which says which resource this is (dynamic providers get no URN), and the
 * program's own check that one object has one resource: the profile of the account (an API
 * without locators), or the same literal locator (ids compared without letter case).
 *
 * The first resource to name an object registers only after the program's current synchronous
 * run of constructors (its `__owner` resolves on setImmediate), so when a second one names the
 * same object there, the first is withdrawn before the engine has it (check refuses it) and the
 * second throws: neither sends a request. Locators that are Outputs, or resources declared after an await, are
 * checked by the provider instead (check, or create before it reads or writes).
 */
function ownerInput(api: string, resourceName: string, name: string, args: Record<string, unknown>, locatorKeys: readonly string[]): pulumi.Input<string> {
  const values = locatorKeys.map((key) => args[key]);
  const account = args.account;
  // Outside a stack run (unit tests with mocks) there is no run to scope it to; the provider still checks.
  const stack = pulumi.runtime.getStackResource();
  const literal = !values.some((value) => value !== undefined && typeof value !== "string") && (locatorKeys.length === 0 || values.some((value) => value !== undefined));
  // An account's one profile is one object per account; a located object's id is unique on its own.
  if (!stack || !literal || (locatorKeys.length === 0 && account !== undefined && typeof account !== "string")) return name;
  const object = [api, ...values.map((value) => (value as string | undefined)?.toLowerCase() ?? ""), ...(locatorKeys.length === 0 ? [account ?? ""] : [])].join(":");
  let named = namedPerRun.get(stack);
  if (!named) namedPerRun.set(stack, (named = new Map()));
  const other = named.get(object);
  if (other !== undefined) {
    const what = locatorKeys.length === 0 ? `the ${api} ${resourceName} of ${typeof account === "string" ? `account ${account}` : "the account"}` : `${api} ${resourceName} ${values.filter(Boolean).join(", ")}`;
    const reason = `"${other.name}" and "${name}" both name ${what}: one object can be managed by one resource only. Remove one of them, or point one at another object.`;
    other.withdraw(reason);
    throw new Error(`pulumi-profiles: ${reason}`);
  }
  return new Promise<string>((resolve) => {
    named.set(object, { name, withdraw: (reason) => resolve(`${WITHDRAWN_OWNER}${reason}`) });
    setImmediate(() => resolve(name));
  });
}

export interface LifecycleArgs {
  /**
   * The configured account the profile belongs to: its credentials come from stack config
   * `<api>:accounts.<account>.*` (or the environment's `<VARIABLE>__<ACCOUNT>`). Default: the
   * top-level settings. Changing it moves the resource to that account's profile.
   */
  account?: pulumi.Input<string>;
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
    /** The API ("twilio"), or the API and a further resource type of it ("twilio/EndUser"): provider/engine/registry.ts. */
    providerKey: string,
    resourceName: string,
    name: string,
    args: object,
    opts: pulumi.CustomResourceOptions | undefined,
    outputNames: readonly string[] = [],
    /** The inputs that name which object this is (Twilio `sid`, 2sms `accountId`); none for one profile per account. */
    locatorKeys: readonly string[] = [],
  ) {
    const api = providerKey.split("/")[0]!;
    const token = resourceToken(api, resourceName);
    const { propertyNames, secretKeys } = typeFacts(token);
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
    props.__provider = providerModule(providerKey);
    const owner = ownerInput(api, resourceName, name, args as Record<string, unknown>, locatorKeys);
    props.__owner = opts?.parent ? pulumi.interpolate`${opts.parent.urn}/${owner}` : owner;
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
