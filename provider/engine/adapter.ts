import type * as z from "zod/mini";
import type { CheckFailure } from "./checkFailures";
import type { FlatProfile, Normalizer } from "./fields";
import type { Settings } from "./settings";
import type { StateMigration } from "./stateMigrations";
import type { DriftNotice } from "./driftObservations";

/**
 * The contract between the engine (which knows Pulumi) and one API folder (which knows one API).
 * Per-field behaviour is declared as rules, not coded per API; optional capabilities have their
 * default written next to them.
 */
export interface FieldRule {
  /** The API never returns it: compared with what was last applied instead of what was read. */
  writeOnly?: boolean;
  /**
   * Kept as a Pulumi secret (encrypted in state, masked in output) and left out of `originals`.
   * A read that leaves a secret out keeps the value last applied (it is unknown, not cleared).
   */
  secret?: boolean;
  /** The API rejects a write without it, so every write repeats it even when unchanged. */
  requiredOnWrite?: boolean;
  /** How the API normalises the value; default: trimmed, "" as unset. */
  normalize?: Normalizer;
  /** Fixed when the object is created (Twilio PolicySid): a change means a new object. */
  replaceOnChange?: boolean;
  /**
   * Moves one way only (Twilio Status: draft → pending-review): the API refuses the way back,
   * so restoreOnDelete never writes it.
   */
  oneWay?: boolean;
  /**
   * The value names other objects of the same API by id, each kind by its prefix (Twilio
   * `EntityAssignments`: `{ IT: "EndUser", RD: "SupportingDocument" }`). `pulumi-profiles import`
   * imports the objects named with the one that names them and writes references to their
   * resources instead of the ids. Default (absent): the value is plain data.
   */
  references?: Readonly<Record<string, string>>;
}

/** What the reference page of an API (docs/reference/<api>.md) says beyond its fields. */
export interface ApiReference {
  /** The vendor's reference for the profile object, the source of every field rule that cites no other. */
  source: string;
  /** The request each verb sends, in words (check never sends one). */
  requests: { create: string; read: string; update: string; delete: string };
}

/** What one read of the profile yields. */
export interface ReadResult {
  /** Managed-field values in input shape, flattened. */
  fields: FlatProfile;
  /** Read-only values the API reports (Twilio status, sid…); stored as outputs, never written. */
  outputs?: Record<string, unknown>;
  /**
   * The account the object belongs to, as the API reports it (Wavix profile id, Voximplant
   * account_id, 2sms account ID, Twilio account_sid). State records it, so credentials of
   * another account are refused instead of read, written or believed. Default: not reported.
   */
  account?: string;
}

export interface WriteContext {
  /** The profile as last read or applied, flattened (write-only fields as last applied). */
  current: FlatProfile;
  /** The full desired profile, flattened. */
  desired: FlatProfile;
  /** The API's own outputs as last read (Twilio's policy_sid), when known. */
  outputs?: Record<string, unknown>;
}

/** A connected client of one API, for one profile identity. */
export interface ProfileApi {
  /**
   * One GET of the profile. `undefined` only for the API's own not-found answer (its error
   * envelope and code, not any 404); the engine then confirms the account before it believes
   * the object is gone. Every other failure throws.
   */
  read(id: string, options?: ReadOptions): Promise<ReadResult | undefined>;
  /**
   * One write carrying `patch` (changed fields, plus any `requiredOnWrite`) in the API's own
   * request style. Returns what the API answered when it answers with the object, so no
   * follow-up GET is needed; `undefined` when it does not.
   */
  write(id: string, patch: FlatProfile, context: WriteContext): Promise<ReadResult | undefined>;
  /**
   * Finds the id of the existing profile from the locator inputs.
   * Default (absent): the adapter's `singletonId`.
   */
  locate?(locator: Record<string, unknown>): Promise<string>;
  /**
   * Creates a new object for APIs whose profiles are real objects (Twilio).
   * Default (absent): profiles always exist and create adopts.
   */
  create?(desired: FlatProfile): Promise<{ id: string; result: ReadResult }>;
  /**
   * Deletes an object. `false` when the API answered its own not-found (the engine then
   * confirms the account, as for read). Default (absent): delete never removes anything.
   */
  remove?(id: string): Promise<boolean>;
  /**
   * The account the configured credentials act for, found at the configured endpoint (so a
   * wrong base URL fails here), or `undefined` when the API gives no way to tell. Cached per
   * process. Default (absent): undefined, and an object of this API is never believed gone.
   */
  actingAccount?(): Promise<string | undefined>;
  /**
   * Every profile the credentials can see, for APIs with many (Twilio), so `pulumi-profiles
   * import` can bring them all under code. Default (absent): the one profile `locate` finds.
   */
  list?(): Promise<Array<{ id: string; result: ReadResult }>>;
  /**
   * Asks the API, with requests that change nothing the program manages, whether it would
   * refuse the write of `patch` (Twilio evaluates a bundle against its Policy before a submit),
   * and returns why, or `undefined`. diff calls it when every value is known, so preview can say
   * so; write must still refuse on its own. Never throws for the answer: the engine calls diff
   * in refresh too, which a refusal must not break. Default (absent): nothing is asked.
   */
  preflight?(id: string, patch: FlatProfile, context: WriteContext): Promise<string | undefined>;
}

export interface ReadOptions {
  /**
   * The managed paths the caller needs. A field that costs a request of its own (Twilio's
   * entity assignments) is read only when it is among them. Default: every field.
   */
  fields?: readonly string[];
}

export interface ProfileAdapter {
  /** Folder name and stack-config namespace: "wavix". */
  name: string;
  /** As users know it: "Wavix". */
  displayName: string;
  /** The resource class name in the SDK: "Profile". */
  resourceName: string;
  /** The managed profile fields, strict: an unknown key is a check failure. */
  profileSchema: z.ZodMiniObject;
  /**
   * Inputs that say which profile this is rather than what it holds (a 2sms account id, a Twilio
   * Sid). Never written as fields. Default (absent): one profile per account.
   */
  locatorSchema?: z.ZodMiniObject;
  /** Rules by flat path; a path without a rule is a plain readable field. */
  fieldRules: Record<string, FieldRule>;
  /**
   * Read-only values the API reports (ReadResult.outputs), with their descriptions, for the
   * reference docs. Default (absent): the managed fields are the only outputs.
   */
  outputSchema?: z.ZodMiniObject;
  /** Which requests the verbs send and where the vendor documents the object. */
  reference: ApiReference;
  /** Profiles are objects that create makes and delete removes (Twilio). Default: false, singletons. */
  deletesObjects?: boolean;
  /** The id used when the API has exactly one profile per credential. */
  singletonId?: string;
  /**
   * The object id the locator inputs name, in the form the API treats as the same object (2sms
   * GUIDs in any letter case are one account), or `undefined` when only the API can tell (2sms
   * without accountId: the client's own account). Pure. Default (absent): no locators.
   */
  idFromLocator?(locator: Record<string, unknown>): string | undefined;
  /**
   * Why the API would refuse to restore this live profile at all (Twilio allows no edits in
   * review), or `undefined` when it would not. Destroy then forgets it instead of getting stuck.
   * Default (absent): restores are never refused as a whole.
   */
  restoreRefusal?(live: ReadResult): string | undefined;
  /**
   * What the drift report says about the API's own outputs moving between the state the stack
   * recorded (`before`) and a read now (`after`): a status the API moved, a date coming up. Pure.
   * Default (absent): outputs moving is not reported.
   */
  driftNotices?(before: Record<string, unknown>, after: Record<string, unknown>, now: Date): DriftNotice[];
  /** The stack-config key of the base URL, named when an answer says the URL is wrong: "wavix:baseUrl". */
  baseUrlSetting: string;
  /**
   * How state written by earlier releases becomes this release's state, oldest first.
   * Default (absent): state of every release is read as recorded.
   */
  stateMigrations?: readonly StateMigration[];
  /** Rules between fields that one field's schema cannot say. Default (absent): none. */
  crossFieldRules?(inputs: Record<string, unknown>): CheckFailure[];
  /** Builds the client from stack config / environment. Throws ConfigurationError when incomplete. */
  connect(settings: Settings): ProfileApi;
}
