import type * as z from "zod/mini";
import { ApiError, ConfigurationError, apiUrl, changedFields, httpClientFor, pick, readJsonAnswer, requestTimeoutMs, type FieldRule, type FlatProfile, type ProfileApi, type ReadResult, type Settings } from "../../engine";
import { HttpConnectionError, HttpTimeoutError, readJsonIfAny, redactor, type HttpClient, type HttpRequest, type HttpResponse, type Middleware } from "../../http";
import { errorSchema } from "./schema";
import type { ParentAccess } from "./subaccount";

/**
 * What every Twilio object this package manages shares: Basic auth, form-encoded writes, JSON
 * answers, Twilio's error body, its paging, its own not-found (20404), and creates that are
 * never resent blindly. A collection (Customer-Profiles, EndUsers, SupportingDocuments,
 * Addresses) is this plus a spec of its paths, shape and form; credentials and the base URLs
 * are shared by every resource type of the folder.
 */
export const settings = {
  accountSid: { config: "twilio:accountSid", env: "TWILIO_ACCOUNT_SID" },
  authToken: { config: "twilio:authToken", env: "TWILIO_AUTH_TOKEN", secret: true },
  apiKey: { config: "twilio:apiKey", env: "TWILIO_API_KEY" },
  apiSecret: { config: "twilio:apiSecret", env: "TWILIO_API_SECRET", secret: true },
  baseUrl: { config: "twilio:trusthubBaseUrl", env: "TWILIO_TRUSTHUB_BASE_URL", shared: true },
  /** api.twilio.com, where the 2010 API keeps Addresses (twilio.com/docs/usage/api/address). */
  apiBaseUrl: { config: "twilio:apiBaseUrl", env: "TWILIO_API_BASE_URL", shared: true },
} as const;

export const DEFAULT_BASE_URL = "https://trusthub.twilio.com";
export const DEFAULT_API_BASE_URL = "https://api.twilio.com";

/** Which account the credentials act for: certain for an Account SID, only said for an API key. */
export interface CredentialAccount {
  sid: string | undefined;
  /** Basic auth as the Account SID itself: the account is the user. */
  certain: boolean;
}

/** The Basic authorization header of a pair, the pair made known to the redactor first. */
export function basicHeader(user: string, password: string): string {
  // The header carries the pair base64-encoded: a form of the secret the redactor must know too.
  redactor.addCredentialPair(user, password);
  return `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
}

const basic = (user: string, password: string): Middleware => {
  const header = basicHeader(user, password);
  return (next) => (request) => next({ ...request, headers: { ...request.headers, authorization: header } });
};

/**
 * The Basic credentials Twilio recommends (API key + secret) or, failing those, Account SID +
 * Auth Token; and the account they act for: the Account SID itself, or the `accountSid` given
 * beside an API key (an API key acts for the account that made it, which the key cannot tell).
 */
function credentialsFrom(s: Settings): { user: string; password: string; account: CredentialAccount } {
  const apiKey = s.get(settings.apiKey);
  if (apiKey) return { user: apiKey, password: s.require(settings.apiSecret), account: { sid: s.get(settings.accountSid), certain: false } };
  const accountSid = s.require(settings.accountSid);
  return { user: accountSid, password: s.require(settings.authToken), account: { sid: accountSid, certain: true } };
}

/** One connection to Twilio: the authenticated HTTP client, both hosts, and the account. */
export interface TwilioConnection {
  http: HttpClient;
  trusthubBaseUrl: string;
  apiBaseUrl: string;
  account: CredentialAccount;
  /** How long an uncertain create's object is looked for: one request timeout. */
  lookupWindowMs: number;
}

export function connectionFrom(s: Settings): TwilioConnection {
  const apiBaseUrl = s.get(settings.apiBaseUrl) ?? DEFAULT_API_BASE_URL;
  const connection = { trusthubBaseUrl: s.get(settings.baseUrl) ?? DEFAULT_BASE_URL, apiBaseUrl, lookupWindowMs: requestTimeoutMs(s) };
  const subaccount = parentsSubaccount(s);
  if (subaccount !== undefined) {
    const { subaccountAuth } = require("./subaccount") as typeof import("./subaccount");
    return { ...connection, http: httpClientFor(s, subaccountAuth(parentAccess(s.top), subaccount, s.nameOf(settings.accountSid))), account: { sid: subaccount, certain: true } };
  }
  const { user, password, account } = credentialsFrom(s);
  return { ...connection, http: httpClientFor(s, basic(user, password)), account };
}

/** The parent's client, one per process however many subaccounts it reaches (it fetches each one's token once). */
const parents = new WeakMap<Settings, ParentAccess>();
function parentAccess(top: Settings): ParentAccess {
  let access = parents.get(top);
  if (!access) {
    const parent = credentialsFrom(top);
    access = { http: httpClientFor(top, basic(parent.user, parent.password)), apiBaseUrl: top.get(settings.apiBaseUrl) ?? DEFAULT_API_BASE_URL, parentSid: parent.account.sid };
    parents.set(top, access);
  }
  return access;
}

/**
 * The subaccount a named account is, when its set gives only an Account SID: the top-level
 * (parent) credentials then reach it (subaccount.ts), and a fleet of subaccounts needs no
 * secret of its own.
 */
function parentsSubaccount(s: Settings): string | undefined {
  if (s.account === undefined || s.get(settings.apiKey) !== undefined || s.get(settings.authToken) !== undefined) return undefined;
  return s.get(settings.accountSid);
}

/** The Account SID a 2010 path names (`/2010-04-01/Accounts/{AccountSid}/…`): known for sure, or set beside an API key. */
export function pathAccountSid(connection: TwilioConnection): string {
  if (connection.account.sid) return connection.account.sid;
  throw new ConfigurationError(settings.accountSid.config, `${settings.accountSid.config} is needed beside an API key: Twilio's Addresses live under /2010-04-01/Accounts/{AccountSid}`);
}

/** Twilio's own "not found" (error 20404, twilio.com/docs/errors/20404), not any 404 a wrong URL or a gateway answers. */
const NOT_FOUND_CODE = 20404;
const PAGE_SIZE = 1000;
const LOOKUP_PAUSE_MS = 250;
/** How far the local clock may be behind or ahead of Twilio's before the look-up's date bound matters. */
const CLOCK_SKEW_MS = 5 * 60_000;
/** A million objects: far past any account, near enough to end a list that never does. */
const MAX_PAGES = 1_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const FORM = { "content-type": "application/x-www-form-urlencoded", accept: "application/json" };

/**
 * Whether a failed call may still have been applied: no answer (timeout, reset, an answer cut
 * off), a 5xx (the server may have committed before failing), or a success answer that could
 * not be read.
 */
export function outcomeUnknown(err: unknown): boolean {
  if (err instanceof HttpConnectionError || err instanceof HttpTimeoutError) return true;
  if (!(err instanceof ApiError)) return false;
  return err.status !== undefined && (err.status >= 500 || err.status < 300);
}

/** A 404 carrying Twilio's own error body with code 20404; any other 404 is an error to report. */
export function isNotFound(request: HttpRequest, response: HttpResponse): boolean {
  if (response.status !== 404) return false;
  const parsed = errorSchema.safeParse(readJsonIfAny(request, response));
  return parsed.success && parsed.data.code === NOT_FOUND_CODE;
}

export function twilioError(operation: string, request: HttpRequest, response: HttpResponse, hint?: string): ApiError {
  const parsed = errorSchema.safeParse(readJsonIfAny(request, response));
  const error = parsed.success ? parsed.data : {};
  return new ApiError({
    api: "Twilio",
    operation,
    status: response.status,
    apiCode: error.code,
    apiMessage: error.message,
    attempts: response.attempts,
    hint: [hint, error.more_info ? `More: ${error.more_info}` : undefined].filter(Boolean).join(". ") || undefined,
  });
}

/** A JSON answer in the expected shape, or an error naming what it was not. */
export function answerOf<T>(schema: z.ZodMiniType<T>, what: string, operation: string, request: HttpRequest, response: HttpResponse, expected: number[] = [200, 201]): T {
  if (!expected.includes(response.status)) throw twilioError(operation, request, response);
  const parsed = schema.safeParse(readJsonAnswer("Twilio", operation, request, response));
  if (!parsed.success) throw new ApiError({ api: "Twilio", operation, status: response.status, apiMessage: `the answer was not ${what}` });
  return parsed.data;
}

/** The fields every Twilio object answers with that the collection logic reads. */
export interface TwilioObject {
  sid: string;
  account_sid?: string | null | undefined;
  date_created?: string | null | undefined;
}

export interface CollectionSpec<T extends TwilioObject> {
  /** As operations name one: "customer profile", "end user". */
  noun: string;
  /** As sentences name one: "profile", "end user". */
  shortNoun: string;
  /** Where a user looks for one: "TrustHub Customer-Profiles list". */
  consoleList: string;
  /** The collection's URL; with a sid, the object's. */
  url(connection: TwilioConnection, sid?: string): string;
  /** One object as fetch, create and update answer it. */
  item: z.ZodMiniType<T>;
  /** The key of a list page's objects: "results" (v1) or "addresses" (2010). */
  listKey: string;
  /** The fields a create sends, as the program names them: an uncertain create's object must carry every one. */
  createFields(desired: FlatProfile): string[];
  /** The list filters Twilio offers that narrow the search for an uncertain create's object. */
  filter?(desired: FlatProfile): URLSearchParams;
  fieldRules: Record<string, FieldRule>;
  toResult(item: T): ReadResult;
  /** The form of the create or the update call. */
  form(fields: FlatProfile, call: "create" | "update", context?: WriteForm): URLSearchParams;
  /** What to say beside Twilio's own message when it refuses a write, if anything. */
  refusalHint?(error: ApiError): string | undefined;
}

/** What a write's form may need beside the fields it sends. */
export interface WriteForm {
  desired: FlatProfile;
  /** The object's own attributes as Twilio holds them, for a write that replaces them whole. */
  held?: Record<string, unknown>;
}

/** One list page in either of Twilio's paging styles (v1 `meta.next_page_url`, 2010 `next_page_uri`). */
function pageFrom(body: unknown, listKey: string): { items: unknown[]; next: string | undefined } | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const page = body as Record<string, unknown>;
  const items = page[listKey];
  if (!Array.isArray(items)) return undefined;
  const meta = page.meta as { next_page_url?: unknown } | undefined;
  const next = typeof meta?.next_page_url === "string" ? meta.next_page_url : typeof page.next_page_uri === "string" ? page.next_page_uri : undefined;
  return { items, next };
}

/** A Twilio collection of objects the stack creates (or adopts by sid), updates and deletes. */
export class TwilioCollection<T extends TwilioObject> implements ProfileApi {
  constructor(
    protected readonly connection: TwilioConnection,
    protected readonly spec: CollectionSpec<T>,
  ) {}

  private acting: Promise<string | undefined> | undefined;

  /**
   * Asked only before believing an object is gone. One list GET proves that the base URL
   * answers as this collection with these credentials (a mistyped path on Twilio's host answers
   * 20404 too, so a 20404 alone proves nothing). The account is the Account SID the credentials
   * authenticate as; for an API key, the account_sid of the objects the key lists, which must
   * agree with `twilio:accountSid` when that is set too, else `twilio:accountSid`; with neither,
   * it cannot be told, and the message says what to set.
   */
  actingAccount(): Promise<string | undefined> {
    this.acting ??= (async () => {
      const operation = `check the ${this.spec.noun} endpoint`;
      const [first] = await this.listPage(new URLSearchParams({ PageSize: "1" }), operation);
      const { account } = this.connection;
      if (account.certain) return account.sid;
      const listed = first?.account_sid ?? undefined;
      if (listed !== undefined && account.sid !== undefined && listed !== account.sid) {
        throw new ApiError({ api: "Twilio", operation, apiMessage: `the API key lists ${this.spec.shortNoun}s of account ${listed}, but ${settings.accountSid.config} says ${account.sid}`, hint: `Set ${settings.accountSid.config} to the account the API key belongs to` });
      }
      const found = listed ?? account.sid;
      if (found === undefined) {
        throw new ApiError({ api: "Twilio", operation, apiMessage: `which account the API key belongs to cannot be told (it lists no ${this.spec.shortNoun})`, hint: `Set ${settings.accountSid.config} (or TWILIO_ACCOUNT_SID) to the account the API key belongs to` });
      }
      return found;
    })();
    this.acting.catch(() => (this.acting = undefined));
    return this.acting;
  }

  async locate(locator: Record<string, unknown>): Promise<string> {
    return String(locator.sid);
  }

  /** `undefined` only for Twilio's own 20404; the engine still confirms the account before it believes it. */
  async read(sid: string): Promise<ReadResult | undefined> {
    const item = await this.fetch(sid);
    return item && this.spec.toResult(item);
  }

  protected async fetch(sid: string): Promise<T | undefined> {
    const request: HttpRequest = { method: "GET", url: this.spec.url(this.connection, sid), headers: { accept: "application/json" } };
    const response = await this.connection.http.send(request);
    if (isNotFound(request, response)) return undefined;
    return answerOf(this.spec.item, `a ${this.spec.noun}`, `read ${this.spec.noun}`, request, response, [200]);
  }

  /**
   * Never retried blindly: a create whose outcome is uncertain (no answer, a 5xx, an unreadable
   * answer) may still have made the object. Twilio takes no idempotency key, so the objects that
   * already match are listed first: after an uncertain create, only a matching object that was
   * not in that list can be the one it made. Exactly one is taken; two or more (another actor
   * creating an identical object in the same moments) fail the create rather than guess.
   */
  async create(desired: FlatProfile): Promise<{ id: string; result: ReadResult }> {
    const operation = `create ${this.spec.noun}`;
    const filter = this.spec.filter?.(desired) ?? new URLSearchParams();
    const before = new Set((await this.listAll(filter, `list matching ${this.spec.noun}s before create`)).map((item) => item.sid));
    const request: HttpRequest = { method: "POST", url: this.spec.url(this.connection), headers: FORM, body: this.spec.form(desired, "create", { desired }).toString() };
    const startedAt = Date.now();
    try {
      const response = await this.connection.http.send(request);
      if (response.status < 500) {
        const created = answerOf(this.spec.item, `a ${this.spec.noun}`, operation, request, response, [200, 201]);
        return { id: created.sid, result: this.spec.toResult(created) };
      }
      throw this.refusal(operation, request, response);
    } catch (err) {
      if (!outcomeUnknown(err)) throw err;
      const found = await this.findCreated(desired, filter, before, startedAt, err as Error);
      if (!found) throw new ApiError({ api: "Twilio", operation, apiMessage: `${(err as Error).message}; no ${this.spec.shortNoun} made by this create was found, so the next up creates it` });
      return { id: found.sid, result: this.spec.toResult(found) };
    }
  }

  /**
   * Never retried blindly (a Customer-Profile's status moves one way). When the outcome is
   * unknown, or Twilio refuses what may be a repeat of a change that already landed, the object
   * is read back and only what is still missing is sent again.
   */
  async write(sid: string, patch: FlatProfile, context?: WriteForm): Promise<ReadResult> {
    const operation = `update ${this.spec.noun}`;
    let pending = patch;
    for (let attempt = 1; ; attempt++) {
      const request: HttpRequest = { method: "POST", url: this.spec.url(this.connection, sid), headers: FORM, body: this.spec.form(pending, "update", { ...context, desired: context?.desired ?? patch }).toString(), idempotent: false };
      let failure: unknown;
      try {
        const response = await this.connection.http.send(request);
        if (response.status < 400) return this.spec.toResult(answerOf(this.spec.item, `a ${this.spec.noun}`, operation, request, response, [200, 201, 202]));
        failure = this.refusal(operation, request, response);
      } catch (err) {
        failure = err;
      }
      const unknown = outcomeUnknown(failure);
      const refused = failure instanceof ApiError && failure.status === 400;
      if (!unknown && !refused) throw failure;
      const live = await this.read(sid);
      if (!live) throw failure;
      const missing = pick(pending, changedFields(this.spec.fieldRules, pending, live.fields));
      if (Object.keys(missing).length === 0) return live;
      if (refused || attempt >= 2) throw failure;
      pending = missing;
    }
  }

  /** `false` for Twilio's own 20404 (already gone, once the engine confirms the account). */
  async remove(sid: string): Promise<boolean> {
    const request: HttpRequest = { method: "DELETE", url: this.spec.url(this.connection, sid), headers: { accept: "application/json" } };
    const response = await this.connection.http.send(request);
    if (response.status === 204) return true;
    if (isNotFound(request, response)) return false;
    throw this.refusal(`delete ${this.spec.noun}`, request, response);
  }

  /** Every object, following Twilio's pages. */
  async list(): Promise<Array<{ id: string; result: ReadResult }>> {
    const items = await this.listAll(new URLSearchParams(), `list ${this.spec.noun}s`);
    return items.map((item) => ({ id: item.sid, result: this.spec.toResult(item) }));
  }

  protected refusal(operation: string, request: HttpRequest, response: HttpResponse): ApiError {
    const error = twilioError(operation, request, response);
    const hint = this.spec.refusalHint?.(error);
    return hint ? new ApiError({ ...error.details, hint: [hint, error.details.hint].filter(Boolean).join(". ") }) : error;
  }

  /**
   * The object an uncertain create made: it carries every value the create sent and was not
   * listed before the create. A slow create may land after its answer was given up on, so the
   * search is repeated for up to one request timeout before concluding that nothing was made.
   * The date bound only trims old objects from the search: it is widened by CLOCK_SKEW_MS so a
   * local clock ahead of Twilio's never hides this create's own object.
   */
  private async findCreated(desired: FlatProfile, filter: URLSearchParams, before: Set<string>, startedAt: number, cause: Error): Promise<T | undefined> {
    const sent = pick(desired, this.spec.createFields(desired));
    const { shortNoun } = this.spec;
    const named = typeof desired.FriendlyName === "string" ? ` named "${desired.FriendlyName}"` : "";
    const deadline = Date.now() + this.connection.lookupWindowMs;
    const operation = `create ${this.spec.noun}`;
    for (let round = 0; ; round++) {
      let listed: T[];
      try {
        listed = await this.listAll(filter, `look for the ${shortNoun} an unanswered create made`);
      } catch (lookupError) {
        throw new ApiError({
          api: "Twilio",
          operation,
          apiMessage: `the outcome is unknown (${cause.message}), and looking for the ${shortNoun} it may have made failed too (${(lookupError as Error).message})`,
          hint: `${/^[aeiou]/.test(shortNoun) ? "An" : "A"} ${shortNoun}${named} may exist in Twilio, made around ${new Date(startedAt).toISOString()}. Check the ${this.spec.consoleList} before the next up: if it is there, import it into this stack (set sid); otherwise the next up creates it`,
        });
      }
      const candidates = listed.filter(
        (item) => !before.has(item.sid) && Date.parse(item.date_created ?? "") >= startedAt - CLOCK_SKEW_MS && changedFields(this.spec.fieldRules, sent, this.spec.toResult(item).fields).length === 0,
      );
      if (candidates.length > 1) {
        throw new ApiError({
          api: "Twilio",
          operation,
          apiMessage: `${cause.message}; ${candidates.length} identical ${shortNoun}s appeared while it ran (${candidates.map((item) => item.sid).join(", ")}) and which one this create made cannot be told, so none was taken`,
          hint: `Another stack or pipeline may be creating the same ${shortNoun}: check which is yours, then import it into this stack (set sid) or delete the extra one in the Twilio Console`,
        });
      }
      if (candidates.length === 1 || Date.now() >= deadline) return candidates[0];
      await sleep(Math.min(LOOKUP_PAUSE_MS * 2 ** round, Math.max(0, deadline - Date.now())));
    }
  }

  protected listAll(filter: URLSearchParams, operation: string): Promise<T[]> {
    return listEvery(this.connection, this.pages(), filter, operation);
  }

  private async listPage(query: URLSearchParams, operation: string): Promise<T[]> {
    return (await listPage(this.connection, this.pages(), query, operation))[0];
  }

  private pages(): TwilioList<T> {
    return { url: this.spec.url(this.connection), item: this.spec.item, listKey: this.spec.listKey, noun: this.spec.noun };
  }
}

/** A list Twilio pages through: a collection, or a sub-list such as a profile's entity assignments. */
export interface TwilioList<T> {
  url: string;
  item: z.ZodMiniType<T>;
  listKey: string;
  /** As messages name one item: "customer profile". */
  noun: string;
}

/** Every item of a list, following Twilio's pages. */
export async function listEvery<T>(connection: TwilioConnection, list: TwilioList<T>, filter: URLSearchParams, operation: string): Promise<T[]> {
  const items: T[] = [];
  const visited = new Set<string>();
  let query = new URLSearchParams({ ...Object.fromEntries(filter), PageSize: String(PAGE_SIZE) });
  for (;;) {
    visited.add(query.toString());
    const [page, next] = await listPage(connection, list, query, operation);
    items.push(...page);
    if (!next) return items;
    // Only the next page's query is taken from Twilio's URL: requests (and the credentials
    // they carry) stay on the configured base URL.
    query = new URL(next, "https://twilio.invalid").searchParams;
    // A next page already visited, or more pages than any account holds, would never end.
    if (visited.has(query.toString())) throw new ApiError({ api: "Twilio", operation, apiMessage: "Twilio's list pointed back to a page it had already answered, so paging was stopped" });
    if (visited.size >= MAX_PAGES) throw new ApiError({ api: "Twilio", operation, apiMessage: `Twilio's list went on past ${MAX_PAGES} pages of ${PAGE_SIZE}, so paging was stopped` });
  }
}

/** One page of a list; anything but a 200 carrying a list of its items is an error. */
async function listPage<T>(connection: TwilioConnection, list: TwilioList<T>, query: URLSearchParams, operation: string): Promise<[T[], string | undefined]> {
  const url = new URL(list.url);
  url.search = query.toString();
  const request: HttpRequest = { method: "GET", url: url.toString(), headers: { accept: "application/json" } };
  const response = await connection.http.send(request);
  if (response.status !== 200) throw twilioError(operation, request, response);
  const page = pageFrom(readJsonAnswer("Twilio", operation, request, response), list.listKey);
  const notAList = () => new ApiError({ api: "Twilio", operation, status: response.status, apiMessage: `the answer was not a list of ${list.noun}s: check the base URL setting` });
  if (!page) throw notAList();
  const items: T[] = [];
  for (const raw of page.items) {
    const parsed = list.item.safeParse(raw);
    if (!parsed.success) throw notAList();
    items.push(parsed.data);
  }
  return [items, page.next];
}

/** Joins a base URL and a path (re-exported for the specs). */
export { apiUrl };
