import * as z from "zod/mini";
import type { FieldRule, ProfileAdapter } from "../../provider/engine";

/**
 * Everything the docs say about one field, read from the places that decide it: the zod schema
 * (type, optional, the messages of its checks), its registered metadata (description, source,
 * readFrom) and the adapter's field rule. The reference pages and the SDK's doc comments are
 * both rendered from these facts, so neither can say what the code does not do.
 */
export interface FieldFacts {
  /** Flat path: `company_info.country_code`. */
  path: string;
  description: string;
  /** string, number, boolean, object, or "one of" for an enumeration. */
  type: string;
  enumValues?: readonly string[];
  optional: boolean;
  /** What check enforces, in the words of its own failure messages. */
  rules: string[];
  rule: FieldRule;
  /** The response field it is read from; undefined when it keeps its own name. */
  readFrom?: string;
  source?: string;
  /** The fields of a nested object. */
  children?: FieldFacts[];
}

/**
 * The parts of zod's internal definition the facts need. zod has no public API for a schema's
 * check messages, and those messages are the only place the rule is written in words.
 */
interface Def {
  type: string;
  error?: unknown;
  innerType?: z.ZodMiniType;
  checks?: Array<{ _zod: { def: { error?: unknown } } }>;
  entries?: Record<string, string>;
  shape?: Record<string, z.ZodMiniType>;
}
const defOf = (schema: z.ZodMiniType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** A check's message, as its `{ message }` or `{ error }` gave it (zod keeps both as a function). */
function messageOf(error: unknown): string | undefined {
  const message = typeof error === "function" ? (error as (issue: object) => unknown)({}) : error;
  return typeof message === "string" ? message : undefined;
}

/** "expected an email address" → "an email address"; "required: …" stays as it is. */
const asRule = (message: string) => message.replace(/^expected /, "");

export function fieldFacts(schema: z.ZodMiniType, path: string, rules: Record<string, FieldRule>): FieldFacts {
  const meta = z.globalRegistry.get(schema) ?? {};
  let inner = schema;
  let optional = false;
  for (let def = defOf(inner); def.innerType; def = defOf(inner)) {
    if (def.type === "optional") optional = true;
    inner = def.innerType;
  }
  const def = defOf(inner);
  const facts: FieldFacts = {
    path,
    description: meta.description ?? "",
    type: def.type === "enum" ? "one of" : def.type,
    optional,
    rules: (def.checks ?? []).map((check) => messageOf(check._zod.def.error)).filter((m): m is string => m !== undefined).map(asRule),
    rule: rules[path] ?? {},
    ...(meta.readFrom ? { readFrom: meta.readFrom } : {}),
    ...(meta.source ? { source: meta.source } : {}),
  };
  if (def.entries) {
    facts.enumValues = Object.values(def.entries);
    // An enumeration's message is on the schema itself, not on a check.
    facts.rules.unshift(asRule(messageOf(def.error) ?? `one of ${facts.enumValues.join(", ")}`));
  }
  if (def.shape) facts.children = shapeFacts(def.shape, rules, `${path}.`);
  return facts;
}

export function shapeFacts(shape: Record<string, z.ZodMiniType>, rules: Record<string, FieldRule> = {}, prefix = ""): FieldFacts[] {
  return Object.entries(shape).map(([key, schema]) => fieldFacts(schema, `${prefix}${key}`, rules));
}

/** What each input of a resource is required for, as the adapter's cross-field rules say it of an empty program. */
export function requiredFor(adapter: ProfileAdapter): Map<string, string> {
  return new Map((adapter.crossFieldRules?.({}) ?? []).map((failure) => [failure.property, failure.reason]));
}
