/**
 * What a field's registered metadata says beside its description
 * (`.register(z.globalRegistry, { description, source, readFrom })`). Written once next to the
 * schema, it is read by schema.json, the reference pages under docs/reference/ and the doc
 * comments of the SDK's argument types (scripts/genDocs.ts), so none of them can disagree with it.
 */
declare module "zod/v4/core" {
  interface GlobalMeta {
    /** Where the field's rule comes from: the vendor document, SDK file or error code that states it. */
    source?: string;
    /** The response field a value is read back from, when it is not the input's own name. */
    readFrom?: string;
  }
}

export {};
