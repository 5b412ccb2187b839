/**
 * The field algebra the lifecycle is built on: profiles as flat maps of dot paths to scalars,
 * so diff, patch and restore are plain set operations, the same for every API. All pure.
 */
/** A leaf value; a list (Twilio's entity assignments) is one value, compared whole by its field's normalizer. */
export type Scalar = string | number | boolean | null | readonly string[];
/** `{"company_info.country_code": "US", "first_name": "Ada"}` */
export type FlatProfile = Record<string, Scalar>;
export type Normalizer = (value: Scalar) => Scalar;

/** Pulumi's placeholder for a value that is not known until apply (preview of computed inputs). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Nested input shape → dot paths. Undefined leaves are left out: an unset field is unmanaged. */
export function flatten(value: Record<string, unknown>, prefix = ""): FlatProfile {
  const out: FlatProfile = {};
  for (const [key, child] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (child === undefined) continue;
    if (isPlainObject(child)) Object.assign(out, flatten(child, path));
    else out[path] = child as Scalar;
  }
  return out;
}

export function unflatten(flat: FlatProfile): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [path, value] of Object.entries(flat)) {
    const keys = path.split(".");
    let node = out;
    for (const key of keys.slice(0, -1)) {
      if (!isPlainObject(node[key])) node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    node[keys[keys.length - 1]!] = value;
  }
  return out;
}

/** What every API does to text: surrounding blanks are not meaningful, and "" means unset. */
export const defaultNormalizer: Normalizer = (value) => {
  // Lists compare by content, in order, unless their field's rule says otherwise.
  if (Array.isArray(value)) return JSON.stringify(value);
  if (typeof value === "string") {
    const trimmed = value.trim();
    return trimmed === "" ? null : trimmed;
  }
  return value ?? null;
};

export function sameValue(a: Scalar | undefined, b: Scalar | undefined, normalize: Normalizer = defaultNormalizer): boolean {
  return normalize(a ?? null) === normalize(b ?? null);
}

/** Paths of `desired` whose value differs from `current`; paths absent from `desired` are unmanaged. */
export function changedPaths(
  desired: FlatProfile,
  current: FlatProfile,
  normalizerFor: (path: string) => Normalizer = () => defaultNormalizer,
): string[] {
  return Object.keys(desired).filter((path) => !sameValue(desired[path], current[path], normalizerFor(path)));
}

export function pick(profile: FlatProfile, paths: Iterable<string>): FlatProfile {
  const out: FlatProfile = {};
  for (const path of paths) if (path in profile) out[path] = profile[path]!;
  return out;
}

export function applyPatch(current: FlatProfile, patch: FlatProfile): FlatProfile {
  return { ...current, ...patch };
}

export function containsUnknown(profile: FlatProfile): boolean {
  return Object.values(profile).some((value) => value === UNKNOWN || (Array.isArray(value) && value.includes(UNKNOWN)));
}
