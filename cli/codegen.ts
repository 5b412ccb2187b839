import * as z from "zod/mini";
import type { ProfileAdapter } from "../provider/engine/adapter";
import { unflatten, type FlatProfile } from "../provider/engine/fields";
import { referencesIn } from "./references";

/** One live profile (or an object its bundle holds), as read, ready to be written out as a resource. */
export interface ImportedProfile {
  adapter: ProfileAdapter;
  /** Pulumi resource name, unique in the program. */
  name: string;
  /** Identity inputs that pin this exact profile (Twilio sid, 2sms accountId). */
  locator: Record<string, string>;
  /** The configured account it was read with (the resource's `account`), when not the top-level one. */
  account?: string;
  fields: FlatProfile;
}

const camel = (name: string) => name.replace(/[-_ ]+([a-zA-Z0-9])/g, (_m, c: string) => c.toUpperCase()).replace(/^[A-Z]/, (c) => c.toLowerCase());
const isIdentifier = (key: string) => /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key);
const keyOf = (key: string) => (isIdentifier(key) ? key : JSON.stringify(key));

/** The stack config key a write-only secret is read from: `voximplantNewAccountPassword`. */
export function configKeyFor(api: string, path: string): string {
  return camel(`${api}_${path.replace(/\./g, "_")}`);
}

type Line = { text: string };

/** Code printed as it is, not as data: a reference to another resource's output. */
class Expression {
  constructor(readonly code: string) {}
}

function literal(value: unknown, indent: string): string {
  if (value instanceof Expression) return value.code;
  if (Array.isArray(value)) return `[${value.map((item) => literal(item, indent)).join(", ")}]`;
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  const entries = Object.entries(value as Record<string, unknown>);
  const inner = entries.map(([k, v]) => `${indent}  ${keyOf(k)}: ${literal(v, `${indent}  `)},`);
  return `{\n${inner.join("\n")}\n${indent}}`;
}

/** Whether the API's current value would pass this package's own check (an old value may not). */
function passesCheck(adapter: ProfileAdapter, path: string, value: unknown): string | undefined {
  const probe = unflatten({ [path]: value as never });
  const topKey = path.split(".")[0]!;
  const result = z.safeParse(adapter.profileSchema.shape[topKey]!, probe[topKey]);
  return result.success ? undefined : (result.error.issues[0]?.message ?? "invalid");
}

/**
 * The value with each id of an object the program declared earlier replaced by that resource's
 * `.sid` output: Pulumi then knows the order, and an adopted object's `sid` output is the id it
 * was given, so nothing changes. Ids of objects not in the program stay literal.
 */
function withReferences(value: FlatProfile[string], declared: ReadonlyMap<string, string>): unknown {
  const refer = (id: string) => (declared.has(id) ? new Expression(`${declared.get(id)}.sid`) : id);
  if (Array.isArray(value)) return value.map(refer);
  return typeof value === "string" ? refer(value) : value;
}

/**
 * `ownKeys`: the profile shares its API with others in the program (a fleet), so its secrets
 * are read from keys named after the resource (`acmeTwosmsSMSPassword`), one per profile.
 */
function resourceLines(profile: ImportedProfile, declared: ReadonlyMap<string, string>, ownKeys: boolean): { lines: Line[]; usesConfig: boolean } {
  const { adapter } = profile;
  const lines: Line[] = [];
  let usesConfig = false;
  const readable: Record<string, unknown> = {};
  const skipped: Line[] = [];
  for (const [path, value] of Object.entries(profile.fields)) {
    // "" is how these APIs say "unset", [] how Twilio says a profile holds nothing: nothing to manage.
    // Secrets are never printed, readable or not: they come from stack config (below).
    if (value === null || value === "" || (Array.isArray(value) && value.length === 0) || adapter.fieldRules[path]?.writeOnly || adapter.fieldRules[path]?.secret) continue;
    const problem = passesCheck(adapter, path, value);
    if (problem) skipped.push({ text: `// ${path}: ${JSON.stringify(value)}, (left out: the current value fails check: ${problem})` });
    else readable[path] = adapter.fieldRules[path]?.references ? withReferences(value, declared) : value;
  }
  if (profile.account !== undefined) lines.push({ text: `account: ${JSON.stringify(profile.account)},` });
  for (const [key, value] of Object.entries(profile.locator)) lines.push({ text: `${keyOf(key)}: ${JSON.stringify(value)},` });
  for (const [key, value] of Object.entries(unflatten(readable as FlatProfile))) lines.push({ text: `${keyOf(key)}: ${literal(value, "")},` });
  lines.push(...skipped);

  const required = new Set(Object.entries(adapter.profileSchema.shape).filter(([, s]) => !z.safeParse(s, undefined).success).map(([k]) => k));
  for (const [path, rule] of Object.entries(adapter.fieldRules)) {
    if (!rule.writeOnly && !rule.secret) continue;
    const key = configKeyFor(ownKeys ? profile.name : adapter.name, path);
    const setIt = rule.secret ? `pulumi config set --secret ${key} <value>` : `pulumi config set ${key} <value>`;
    const value = rule.secret ? `config.requireSecret(${JSON.stringify(key)})` : `config.require(${JSON.stringify(key)})`;
    // A readable secret set to the account's current value changes nothing; a write-only one cannot be compared.
    const why = rule.writeOnly
      ? `write-only (${adapter.displayName} never returns it)`
      : `secret, never printed; set it to the current value and the first up writes nothing, later drift shows`;
    if (required.has(path)) {
      usesConfig = true;
      const firstUp = rule.writeOnly ? "The first up writes it once." : "Set to the current value, the first up writes nothing.";
      lines.push({ text: `// Required on every write and ${why}: set it with \`${setIt}\`. ${firstUp}` });
      lines.push({ text: `${keyOf(path)}: ${value},` });
    } else {
      lines.push({ text: `// ${keyOf(path)}: ${value}, // ${why}: to manage it, uncomment and run \`${setIt}\`` });
    }
  }
  return { lines, usesConfig };
}

/**
 * The order to declare them in: as given, except that an object another names comes before it
 * (an address before its document, a bundle's objects before its profile), so the one naming it
 * can refer to it. A cycle is cut where it closes: that one reference stays a literal id.
 */
export function declarationOrder(profiles: ImportedProfile[]): ImportedProfile[] {
  const byId = new Map(profiles.flatMap((p) => Object.values(p.locator).map((id) => [id, p] as const)));
  const out: ImportedProfile[] = [];
  const placed = new Set<ImportedProfile>();
  const visiting = new Set<ImportedProfile>();
  const place = (profile: ImportedProfile): void => {
    if (placed.has(profile) || visiting.has(profile)) return;
    visiting.add(profile);
    for (const { id, resourceName } of referencesIn(profile.adapter, profile.fields)) {
      const named = byId.get(id);
      if (named && named.adapter.name === profile.adapter.name && named.adapter.resourceName === resourceName) place(named);
    }
    visiting.delete(profile);
    placed.add(profile);
    out.push(profile);
  };
  profiles.forEach(place);
  return out;
}

// `wavixProfile`, never `wavix`: the variable must not shadow the imported module.
const variableFor = (profile: ImportedProfile) => (profile.name === profile.adapter.name ? `${profile.adapter.name}${profile.adapter.resourceName}` : camel(profile.name));

/** TypeScript for a Pulumi program that manages exactly these profiles as they are now. */
export function generateProgram(profiles: ImportedProfile[], command: string): string {
  // Ids of the resources declared so far, for the references of the ones after them.
  const declared = new Map<string, string>();
  const shared = (profile: ImportedProfile) => profiles.filter((p) => p.adapter === profile.adapter).length > 1;
  const blocks = declarationOrder(profiles).map((profile) => {
    const block = { profile, ...resourceLines(profile, declared, shared(profile)) };
    for (const id of Object.values(profile.locator)) declared.set(id, variableFor(profile));
    return block;
  });
  const modules = [...new Set(profiles.map((p) => p.adapter.name))].sort();
  const usesConfig = blocks.some((b) => b.usesConfig) || blocks.some((b) => b.lines.some((l) => l.text.includes("config.")));
  const out: string[] = [
    `// Generated by \`${command}\` from the live ${profiles.length === 1 ? "profile" : "profiles"}.`,
    "// Commit it, then let `pulumi preview --refresh --expect-no-changes` guard it in CI.",
  ];
  if (usesConfig) out.push('import * as pulumi from "@pulumi/pulumi";');
  out.push(`import { ${modules.join(", ")} } from "pulumi-profiles";`, "");
  if (usesConfig) out.push("const config = new pulumi.Config();", "");
  for (const { profile, lines } of blocks) {
    out.push(`export const ${variableFor(profile)} = new ${profile.adapter.name}.${profile.adapter.resourceName}(${JSON.stringify(profile.name)}, {`);
    for (const line of lines) out.push(...line.text.split("\n").map((l) => `  ${l}`));
    out.push("});", "");
  }
  return out.join("\n");
}

/** `twilio-acme-support`: readable, stable names for profiles that come in numbers. */
export function resourceNameFor(api: string, label: string | undefined, taken: Set<string>): string {
  const slug = (label ?? "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  let name = slug ? `${api}-${slug}` : api;
  for (let i = 2; taken.has(name); i++) name = `${slug ? `${api}-${slug}` : api}-${i}`;
  taken.add(name);
  return name;
}

