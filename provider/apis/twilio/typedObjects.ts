import * as z from "zod/mini";
import { ApiError, apiUrl, pick, type CheckFailure, type FieldRule, type FlatProfile, type ProfileAdapter, type ProfileApi, type ReadResult, type WriteContext } from "../../engine";
import { text } from "../../validation";
import { connectionFrom, TwilioCollection, type CollectionSpec, type TwilioConnection } from "./rest";

/**
 * TrustHub's EndUsers and SupportingDocuments are one kind of object: a FriendlyName, a Type fixed
 * at creation, and Attributes, a JSON object whose keys the Type decides, which Twilio replaces
 * whole on update (twilio/twilio-oai spec/json/twilio_trusthub_v1.json: UpdateEndUser and
 * UpdateSupportingDocument take FriendlyName and Attributes; Type only on create). So an update
 * that changes one attribute sends them all: the program's, over the ones the object holds now.
 */
export interface TypedObjectKind {
  /** "EndUser" */
  resourceName: string;
  /** "end user" */
  noun: string;
  /** "/v1/EndUsers" */
  path: string;
  /** The attributes schema of each Type. */
  attributeSchemas: Record<string, z.ZodMiniObject>;
  typeSchema: z.ZodMiniType<string>;
  sidPattern: RegExp;
  sidPrefix: string;
  source: string;
  /** Rules of single attributes, by attribute name (a document's `address_sids` names Addresses). */
  attributeRules?: Record<string, FieldRule>;
}

/** An object as TrustHub answers it (trusthub.v1.end_user, trusthub.v1.supporting_document). */
const typedObjectSchema = z.looseObject({
  sid: z.string(),
  account_sid: z.nullish(z.string()),
  friendly_name: z.nullish(z.string()),
  type: z.nullish(z.string()),
  attributes: z.nullish(z.record(z.string(), z.unknown())),
  status: z.nullish(z.string()),
  date_created: z.nullish(z.string()),
  date_updated: z.nullish(z.string()),
  url: z.nullish(z.string()),
});
type TypedObject = z.infer<typeof typedObjectSchema>;

const ATTRIBUTES = "Attributes";
const isAttribute = (path: string) => path.startsWith(`${ATTRIBUTES}.`);

/** The attributes as the program nests them; values Twilio holds in other shapes are kept as JSON text. */
function attributeFields(attributes: Record<string, unknown> | null | undefined): FlatProfile {
  const out: FlatProfile = {};
  for (const [key, value] of Object.entries(attributes ?? {})) {
    out[`${ATTRIBUTES}.${key}`] = value === null || ["string", "number", "boolean"].includes(typeof value) ? (value as FlatProfile[string]) : JSON.stringify(value);
  }
  return out;
}

function resultFrom(item: TypedObject): ReadResult {
  return {
    fields: { FriendlyName: item.friendly_name ?? null, Type: item.type ?? null, ...attributeFields(item.attributes) },
    outputs: { sid: item.sid, account_sid: item.account_sid ?? null, status: item.status ?? null, date_created: item.date_created ?? null, date_updated: item.date_updated ?? null, url: item.url ?? null },
    ...(item.account_sid ? { account: item.account_sid } : {}),
  };
}

/** Form parameters: Type only on create; Attributes as one JSON object, all of it. */
function formFrom(fields: FlatProfile, call: "create" | "update", attributes: Record<string, unknown> | undefined): URLSearchParams {
  const form = new URLSearchParams();
  if (typeof fields.FriendlyName === "string") form.set("FriendlyName", fields.FriendlyName);
  if (call === "create" && typeof fields.Type === "string") form.set("Type", fields.Type);
  if (attributes) form.set(ATTRIBUTES, JSON.stringify(attributes));
  return form;
}

/**
 * The attributes to send: the object's own, as Twilio holds them (lists and objects untouched),
 * with the program's managed ones over them; a managed attribute set to null is left out.
 */
function attributesToSend(held: Record<string, unknown>, desired: FlatProfile): Record<string, unknown> {
  const managed = pick(desired, Object.keys(desired).filter(isAttribute));
  const out: Record<string, unknown> = { ...held };
  for (const [path, value] of Object.entries(managed)) {
    const key = path.slice(ATTRIBUTES.length + 1);
    if (value === null) delete out[key];
    else out[key] = value;
  }
  return out;
}

class TypedObjectClient extends TwilioCollection<TypedObject> {
  /**
   * Only the changed fields; when an attribute changed, the whole Attributes object, the
   * object's own (read fresh, so one the program does not manage is kept as Twilio holds it)
   * with the program's over them. The patch stays in flat paths, so after an uncertain outcome
   * the read-back finds which attributes already landed and sends only the rest.
   */
  override async write(sid: string, patch: FlatProfile, context?: WriteContext): Promise<ReadResult> {
    const touchesAttributes = Object.keys(patch).some(isAttribute);
    const held = touchesAttributes ? await this.fetch(sid) : undefined;
    if (touchesAttributes && !held) throw new ApiError({ api: "Twilio", operation: `update ${this.spec.noun}`, status: 404, apiMessage: `${sid} was not found` });
    return super.write(sid, patch, { desired: { ...(context?.desired ?? {}), ...patch }, held: held?.attributes ?? {} });
  }
}

/** The spec of one typed-object collection; exported for the tests of its form. */
export function typedObjectSpec(kind: TypedObjectKind, fieldRules: Record<string, FieldRule>): CollectionSpec<TypedObject> {
  return {
    noun: kind.noun,
    shortNoun: kind.noun,
    consoleList: `TrustHub ${kind.resourceName}s list`,
    url: (c: TwilioConnection, sid?: string) => apiUrl(c.trusthubBaseUrl, sid ? `${kind.path}/${sid}` : kind.path),
    item: typedObjectSchema,
    listKey: "results",
    // Everything a create sends: an uncertain create takes only an object that carries all of it.
    createFields: (desired) => Object.keys(desired).filter((path) => path === "FriendlyName" || path === "Type" || isAttribute(path)),
    fieldRules,
    toResult: resultFrom,
    form: (fields, call, context) => {
      const attributes = Object.keys(fields).some(isAttribute) ? attributesToSend(context?.held ?? {}, fields) : undefined;
      return formFrom(fields, call, attributes);
    },
  };
}

/** Which attributes a Type takes, for a check failure naming the attribute and the Type. */
function attributeFailures(kind: TypedObjectKind, inputs: Record<string, unknown>): CheckFailure[] {
  const type = inputs.Type;
  const attributes = inputs[ATTRIBUTES];
  if (typeof type !== "string" || typeof attributes !== "object" || attributes === null) return [];
  const schema = kind.attributeSchemas[type];
  if (!schema) return [];
  const allowed = Object.keys(schema.shape);
  return Object.keys(attributes)
    .filter((key) => !allowed.includes(key))
    .map((key) => ({ property: `${ATTRIBUTES}.${key}`, reason: `not an attribute of ${kind.resourceName} type ${type} (its attributes: ${allowed.join(", ")})` }));
}

/** A ProfileAdapter for one typed-object collection: created (or adopted by sid), updated field by field, deleted. */
export function typedObjectAdapter(kind: TypedObjectKind) {
  const attributeShape = Object.assign({}, ...Object.values(kind.attributeSchemas).map((schema) => schema.shape)) as Record<string, z.ZodMiniType>;
  const profileSchema = z.strictObject({
    FriendlyName: z.optional(text(64).check(z.minLength(1, { message: "expected a non-empty name" }))).register(z.globalRegistry, {
      description: `Name of the ${kind.noun}.`,
      readFrom: "friendly_name",
      source: `${kind.source} (FriendlyName: required on create, up to 64 characters)`,
    }),
    Type: z.optional(kind.typeSchema).register(z.globalRegistry, {
      description: `What the ${kind.noun} stands for; it decides which Attributes it takes. Fixed at creation: a change makes a new ${kind.noun}.`,
      readFrom: "type",
      source: `${kind.source} (Type: create only)`,
    }),
    Attributes: z.optional(z.strictObject(attributeShape)).register(z.globalRegistry, {
      description: `The ${kind.noun}'s attributes; which ones apply depends on Type. Only the ones the program sets are managed.`,
      readFrom: "attributes",
      source: `${kind.source} (Attributes: a JSON object, replaced whole on update)`,
    }),
  });
  const locatorSchema = z.object({
    sid: z
      .optional(z.string().check(z.regex(kind.sidPattern, { message: `expected a ${kind.resourceName} Sid: ${kind.sidPrefix} followed by 32 hex digits` })))
      .register(z.globalRegistry, { description: `An existing ${kind.noun} to adopt instead of creating one.` }),
  });
  const outputSchema = z.object({
    sid: z.string().register(z.globalRegistry, { description: `The ${kind.noun}'s Sid (${kind.sidPrefix}…): what a Customer-Profile's EntityAssignments names.` }),
    account_sid: z.nullable(z.string()).register(z.globalRegistry, { description: `The account the ${kind.noun} belongs to.` }),
    status: z.nullable(z.string()).register(z.globalRegistry, { description: "Twilio's status of it, where it has one (documents: draft, pending-review, ...)." }),
    date_created: z.nullable(z.string()).register(z.globalRegistry, { description: "When it was created (ISO 8601)." }),
    date_updated: z.nullable(z.string()).register(z.globalRegistry, { description: "When it was last updated (ISO 8601)." }),
    url: z.nullable(z.string()).register(z.globalRegistry, { description: "Its API URL." }),
  });
  const fieldRules: Record<string, FieldRule> = {
    Type: { replaceOnChange: true },
    ...Object.fromEntries(Object.entries(kind.attributeRules ?? {}).map(([name, rule]) => [`${ATTRIBUTES}.${name}`, rule])),
  };
  const spec = typedObjectSpec(kind, fieldRules);
  return {
    name: "twilio",
    displayName: "Twilio",
    resourceName: kind.resourceName,
    profileSchema,
    locatorSchema,
    outputSchema,
    fieldRules,
    deletesObjects: true,
    baseUrlSetting: "twilio:trusthubBaseUrl",
    reference: {
      source: kind.source,
      requests: {
        create: `with \`sid\`: adopts it, one GET then one update when a field differs. Without: one list \`GET ${kind.path}\`, then \`POST ${kind.path}\` (form-encoded \`FriendlyName\`, \`Type\`, \`Attributes\` as JSON); an uncertain create is looked for in the list, never resent`,
        read: `\`GET ${kind.path}/{Sid}\``,
        update: `one \`POST ${kind.path}/{Sid}\` with only what changed: \`FriendlyName\`, and \`Attributes\` whole (read fresh first, so attributes the program does not set are kept) when any attribute changed`,
        delete: `one the stack created, or adopted with \`deleteOnDestroy\`: \`DELETE ${kind.path}/{Sid}\`; otherwise none`,
      },
    },
    idFromLocator: (locator: Record<string, unknown>) => (typeof locator.sid === "string" ? locator.sid : undefined),
    crossFieldRules: (inputs: Record<string, unknown>) => [
      ...(inputs.sid === undefined
        ? (["FriendlyName", "Type"] as const).filter((field) => inputs[field] === undefined).map((property) => ({ property, reason: `required to create the ${kind.noun} (or give sid to adopt an existing one)` }))
        : []),
      ...attributeFailures(kind, inputs),
    ],
    connect: (settings): ProfileApi => new TypedObjectClient(connectionFrom(settings), spec),
  } satisfies ProfileAdapter;
}

