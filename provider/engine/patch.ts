import type { FieldRule } from "./adapter";
import { changedPaths, defaultNormalizer, pick, type FlatProfile, type Normalizer } from "./fields";

/**
 * What one write must carry, from the adapter's declared field rules. Pure: the lifecycle uses
 * it, and the property tests check it for every API.
 */
export type FieldRules = Record<string, FieldRule>;

export function normalizerFor(rules: FieldRules, path: string): Normalizer {
  return rules[path]?.normalize ?? defaultNormalizer;
}

export function requiredPaths(rules: FieldRules): string[] {
  return Object.keys(rules).filter((path) => rules[path]!.requiredOnWrite);
}

/** Required-on-write fields whose value the program does not give (a write must read them fresh). */
export function unmanagedRequired(rules: FieldRules, desired: FlatProfile): string[] {
  return requiredPaths(rules).filter((path) => !(path in desired));
}

/**
 * What is known of the profile: a read, with write-only fields taken from what was last
 * applied (a read never shows them) and dropped when never applied, so they count as changed.
 */
export function knownFields(rules: FieldRules, read: FlatProfile, lastApplied: FlatProfile): FlatProfile {
  const out = { ...read };
  for (const [path, rule] of Object.entries(rules)) {
    if (!rule.writeOnly) continue;
    if (path in lastApplied) out[path] = lastApplied[path]!;
    else delete out[path];
  }
  return out;
}

/** Managed fields whose desired value differs from what is known. */
export function changedFields(rules: FieldRules, desired: FlatProfile, current: FlatProfile): string[] {
  return changedPaths(desired, current, (path) => normalizerFor(rules, path));
}

/**
 * Changed fields only, plus the fields the API demands on every write: the program's value
 * where it gives one, else the value just read (`live`). Empty when nothing changed.
 */
export function computePatch(rules: FieldRules, desired: FlatProfile, current: FlatProfile, live: FlatProfile = {}): FlatProfile {
  const changed = pick(desired, changedFields(rules, desired, knownFields(rules, current, current)));
  if (Object.keys(changed).length === 0) return {};
  return { ...pick({ ...live, ...desired }, requiredPaths(rules)), ...changed };
}

/**
 * The remembered values of managed fields that the stack changed, to write back on destroy.
 * Left as they are, since the API would refuse the write and leave destroy stuck: a field that
 * was empty before (the APIs refuse an empty value for typed fields, a time zone, a number),
 * and a one-way field (Twilio refuses a Status that goes back).
 */
export function restorePatch(rules: FieldRules, originals: FlatProfile, current: FlatProfile, live: FlatProfile = {}): FlatProfile {
  const restorable = Object.keys(current).filter((path) => path in originals && !rules[path]?.oneWay && normalizerFor(rules, path)(originals[path]!) !== null);
  const restore = pick(originals, changedFields(rules, pick(originals, restorable), current));
  if (Object.keys(restore).length === 0) return {};
  return { ...pick({ ...live, ...current }, requiredPaths(rules)), ...restore };
}
