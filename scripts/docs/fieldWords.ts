import type { ProfileAdapter } from "../../provider/engine";
import type { FieldFacts } from "./fieldFacts";

/**
 * The facts of a field as the words both the reference pages and the SDK's doc comments use:
 * one wording, so a page and an editor's hover say the same thing.
 */
export const words = {
  type: (f: FieldFacts) => (f.type === "one of" ? `string, one of ${f.enumValues!.length}` : f.type),
  required: (f: FieldFacts, requiredFor: ReadonlyMap<string, string>) => {
    if (!f.optional) return "required";
    const why = requiredFor.get(f.path);
    return why ? `optional; ${why}` : "optional";
  },
  secret: (f: FieldFacts) => (f.rule.secret ? "secret: encrypted in state, never printed" : undefined),
  readBack: (f: FieldFacts) => (f.rule.writeOnly ? "write-only: the API never returns it; compared with the value last applied" : "readable: drift shows"),
  written: (f: FieldFacts) => {
    if (f.rule.replaceOnChange) return "only at creation: a change means a new object (refused for an adopted one)";
    if (f.rule.requiredOnWrite) return "on every write (the API requires it)";
    if (f.rule.oneWay) return "when changed; one way only, so `restoreOnDelete` never writes it back";
    return "when changed";
  },
  check: (f: FieldFacts) => (f.rules.length > 0 ? f.rules.join("; ") : f.type === "object" ? "its fields' rules; no other field" : `any ${f.type}`),
  apiField: (f: FieldFacts) => {
    const name = f.path.split(".").at(-1)!;
    return f.readFrom ? `sent as \`${name}\`, read from \`${f.readFrom}\`` : `\`${name}\``;
  },
  source: (f: FieldFacts, adapter: ProfileAdapter) => f.source ?? adapter.reference.source,
};
