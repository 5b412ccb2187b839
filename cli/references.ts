import type { ProfileAdapter } from "../provider/engine/adapter";
import type { FlatProfile, Scalar } from "../provider/engine/fields";

/** One id a field names, and the resource type its prefix says it is. */
export interface Reference {
  path: string;
  id: string;
  resourceName: string;
}

/** The ids in one value: a list, one id, or a list the API held as JSON text (a document's `address_sids` list). */
export function idsIn(value: Scalar | undefined): string[] {
  if (Array.isArray(value)) return [...value];
  if (typeof value !== "string" || value === "") return [];
  if (!value.startsWith("[")) return [value];
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.filter((item): item is string => typeof item === "string") : [];
  } catch {
    return [];
  }
}

/** The ids the fields with a `references` rule name, each with the resource type its prefix names. Pure. */
export function referencesIn(adapter: ProfileAdapter, fields: FlatProfile): Reference[] {
  const out: Reference[] = [];
  for (const [path, rule] of Object.entries(adapter.fieldRules)) {
    if (!rule.references) continue;
    for (const id of idsIn(fields[path])) {
      const prefix = Object.keys(rule.references).find((p) => id.startsWith(p));
      if (prefix) out.push({ path, id, resourceName: rule.references[prefix]! });
    }
  }
  return out;
}
