import { ApiError, apiUrl, type FlatProfile, type ReadOptions, type ReadResult, type Settings, type WriteContext } from "../../engine";
import type { HttpRequest } from "../../http";
import { fieldRules, formFromFields, readResultFrom } from "./fieldMap";
import { answerOf, connectionFrom, FORM, isNotFound, listEvery, TwilioCollection, twilioError, type CollectionSpec, type TwilioConnection } from "./rest";
import { customerProfileSchema, entityAssignmentSchema, evaluationSchema, type CustomerProfile, type EntityAssignment, type Evaluation } from "./schema";
import { unmetRequirements } from "./evaluation";

export { settings, DEFAULT_BASE_URL } from "./rest";

const ASSIGNMENTS = "EntityAssignments";
const str = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

const spec: CollectionSpec<CustomerProfile> = {
  noun: "customer profile",
  shortNoun: "profile",
  consoleList: "TrustHub Customer-Profiles list",
  url: (c, sid) => apiUrl(c.trusthubBaseUrl, sid ? `/v1/CustomerProfiles/${sid}` : "/v1/CustomerProfiles"),
  item: customerProfileSchema,
  listKey: "results",
  createFields: () => ["FriendlyName", "Email", "PolicySid", "StatusCallback"],
  // Twilio's list filters are Status, FriendlyName and PolicySid (the official twilio-node CustomerProfilesListInstance).
  filter: (desired) => {
    const query = new URLSearchParams();
    if (typeof desired.FriendlyName === "string") query.set("FriendlyName", desired.FriendlyName);
    if (typeof desired.PolicySid === "string") query.set("PolicySid", desired.PolicySid);
    return query;
  },
  fieldRules,
  toResult: (profile) => readResultFrom(profile),
  form: (fields, call) => formFromFields(fields, call),
  refusalHint: (error) =>
    error.status === 400 && /status/i.test(error.details.apiMessage ?? "") ? "Twilio refused this because of the profile's verification status: only draft profiles can be edited or submitted (see the status output)" : undefined,
};

/**
 * Twilio TrustHub Customer-Profiles (form-encoded POSTs, JSON answers, Basic auth), with what the
 * bundle holds (its entity assignments) and Twilio's Evaluation of it before a submit.
 */
export class TwilioClient extends TwilioCollection<CustomerProfile> {

  constructor(connection: TwilioConnection) {
    super(connection, spec);
  }

  static fromSettings(s: Settings): TwilioClient {
    return new TwilioClient(connectionFrom(s));
  }

  /** One GET of the profile, and one of its assignments when the program manages them. */
  override async read(sid: string, options: ReadOptions = {}): Promise<ReadResult | undefined> {
    const profile = await this.fetch(sid);
    if (!profile) return undefined;
    if (options.fields && !options.fields.includes(ASSIGNMENTS)) return readResultFrom(profile);
    return readResultFrom(profile, (await this.assignments(sid)).map((a) => a.object_sid));
  }

  /** Every profile; with the assignments of each, which `pulumi-profiles import` writes into the program. */
  override async list(): Promise<Array<{ id: string; result: ReadResult }>> {
    const profiles = await this.listAll(new URLSearchParams(), "list customer profiles");
    const out: Array<{ id: string; result: ReadResult }> = [];
    for (const profile of profiles) out.push({ id: profile.sid, result: readResultFrom(profile, (await this.assignments(profile.sid)).map((a) => a.object_sid)) });
    return out;
  }

  /**
   * Assignments first (POSTs for the missing ones, DELETEs for the ones the program dropped),
   * then, for a submit, Twilio's Evaluation of the bundle as it now is; a noncompliant bundle is
   * not submitted. Then one POST of the profile's own changed fields, the status among them.
   */
  override async write(sid: string, patch: FlatProfile, context?: WriteContext): Promise<ReadResult> {
    const { [ASSIGNMENTS]: wanted, ...fields } = patch;
    let held: string[] | undefined;
    if (Array.isArray(wanted)) held = await this.reconcile(sid, wanted, context?.current[ASSIGNMENTS]);
    // Always asked here, right before the submit: diff's answer may predate an edit of the
    // bundle's objects in this same deployment (a program naming them by literal sid does not
    // make the profile wait for them).
    if (fields.Status === "pending-review") await this.evaluateOrRefuse(sid, context);
    const result = Object.keys(fields).length > 0 ? await super.write(sid, fields, context && { desired: context.desired }) : await this.read(sid, { fields: [] });
    if (!result) throw new ApiError({ api: "Twilio", operation: "read customer profile", status: 404, apiMessage: `${sid} was not found after its assignments were written` });
    return held ? { ...result, fields: { ...result.fields, [ASSIGNMENTS]: held } } : result;
  }

  /**
   * diff's question before a submit: is the bundle, as it is now, compliant with its Policy?
   * Asked only when this write would not change what the bundle holds (else the answer would be
   * about the bundle before the write, and update asks again after the assignments).
   */
  async preflight(sid: string, patch: FlatProfile, context: WriteContext): Promise<string | undefined> {
    if (patch.Status !== "pending-review" || ASSIGNMENTS in patch) return undefined;
    try {
      await this.evaluateOrRefuse(sid, context);
      return undefined;
    } catch (err) {
      // Only Twilio's verdict is an answer; any other failure is update's to report.
      if (err instanceof NoncompliantBundleError) return `${err.message} (up refuses to submit it)`;
      throw err;
    }
  }

  /** One POST to the profile's Evaluations; a noncompliant answer is refused with what Twilio lists as unmet. */
  private async evaluateOrRefuse(sid: string, context: WriteContext | undefined): Promise<void> {
    // The policy the profile holds: named by the program, or in state's outputs; read only when neither says.
    const policySid = str(context?.desired.PolicySid) ?? str(context?.current.PolicySid) ?? str(context?.outputs?.policy_sid) ?? (await this.fetch(sid))?.policy_sid ?? undefined;
    const evaluation = await this.evaluate(sid, policySid);
    if (evaluation.status === "compliant") return;
    throw new NoncompliantBundleError({
      api: "Twilio",
      operation: `evaluate customer profile ${sid} before submitting it`,
      apiMessage: `Twilio's Evaluation ${evaluation.sid} found the bundle ${evaluation.status}: ${unmetRequirements(evaluation).join("; ") || "no requirement named"}`,
      hint: "Nothing was submitted: the profile stays draft. Add or complete what is listed (EndUser and SupportingDocument resources, assigned through EntityAssignments), then run up again",
    });
  }

  private async evaluate(sid: string, policySid: string | undefined): Promise<Evaluation> {
    const operation = "evaluate customer profile";
    const form = new URLSearchParams();
    if (policySid) form.set("PolicySid", policySid);
    // Creating an Evaluation changes nothing in the bundle, so an uncertain outcome may be asked again.
    const request: HttpRequest = { method: "POST", url: apiUrl(this.connection.trusthubBaseUrl, `/v1/CustomerProfiles/${sid}/Evaluations`), headers: FORM, body: form.toString(), idempotent: true };
    const response = await this.connection.http.send(request);
    return answerOf(evaluationSchema, "an Evaluation", operation, request, response, [200, 201]);
  }

  /** The bundle's assignments, every page. */
  private assignments(sid: string): Promise<EntityAssignment[]> {
    const list = { url: apiUrl(this.connection.trusthubBaseUrl, `/v1/CustomerProfiles/${sid}/EntityAssignments`), item: entityAssignmentSchema, listKey: "results", noun: "entity assignment" };
    return listEvery(this.connection, list, new URLSearchParams(), "list customer profile entity assignments");
  }


  /**
   * Makes the bundle hold `wanted`: a POST per missing object, and a DELETE per assignment the
   * program dropped, that is one in `before` (what state held, as preview compared) and no longer
   * wanted. An assignment made outside Pulumi since is left alone: refresh shows it as drift,
   * and only then does an up (whose preview shows it going) remove it. Listing first makes a
   * repeat after a failure send only what is missing.
   */
  private async reconcile(sid: string, wanted: readonly string[], before: FlatProfile[string] | undefined): Promise<string[]> {
    const live = await this.assignments(sid);
    const liveObjects = new Set(live.map((a) => a.object_sid));
    for (const objectSid of new Set(wanted)) {
      if (liveObjects.has(objectSid)) continue;
      const request: HttpRequest = { method: "POST", url: apiUrl(this.connection.trusthubBaseUrl, `/v1/CustomerProfiles/${sid}/EntityAssignments`), headers: FORM, body: new URLSearchParams({ ObjectSid: objectSid }).toString(), idempotent: false };
      const response = await this.connection.http.send(request);
      answerOf(entityAssignmentSchema, "an entity assignment", `assign ${objectSid} to customer profile`, request, response, [200, 201]);
    }
    const keep = new Set(wanted);
    const dropped = new Set(Array.isArray(before) ? before.filter((objectSid) => !keep.has(objectSid)) : []);
    for (const assignment of live) {
      if (!dropped.has(assignment.object_sid)) continue;
      const request: HttpRequest = { method: "DELETE", url: apiUrl(this.connection.trusthubBaseUrl, `/v1/CustomerProfiles/${sid}/EntityAssignments/${assignment.sid}`), headers: { accept: "application/json" } };
      const response = await this.connection.http.send(request);
      if (response.status !== 204 && !isNotFound(request, response)) throw twilioError(`unassign ${assignment.object_sid} from customer profile`, request, response);
    }
    // What the bundle holds now: the program's, and any the program never listed.
    return [...new Set([...keep, ...live.map((a) => a.object_sid).filter((objectSid) => !dropped.has(objectSid))])].sort();
  }
}

/** Twilio's Evaluation found the bundle noncompliant: the one answer a preview stops on. */
class NoncompliantBundleError extends ApiError {}

