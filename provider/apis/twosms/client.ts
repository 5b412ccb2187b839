import { ApiError, apiUrl, ConfigurationError, httpClientFor, requestTimeoutMs, type FlatProfile, type ProfileApi, type ReadResult, type Settings } from "../../engine";
import { createHttpClient, redactor, type HttpClient, type HttpRequest, type HttpResponse } from "../../http";
import { adapter } from ".";
import { oauthClientCredentials } from "./auth";
import { fieldsFromDetail } from "./fieldMap";
import { accountDetailSchema, GUID } from "./schema";
import { contentType, decodeEnvelope, encodeAccount, MalformedBody, type Envelope, type WireFormat } from "./wire";

export const settings = {
  clientId: { config: "twosms:clientId", env: "TWOSMS_CLIENT_ID" },
  clientSecret: { config: "twosms:clientSecret", env: "TWOSMS_CLIENT_SECRET", secret: true },
  region: { config: "twosms:region", env: "TWOSMS_REGION", shared: true },
  baseUrl: { config: adapter.baseUrlSetting, env: "TWOSMS_BASE_URL", shared: true },
  wireFormat: { config: "twosms:wireFormat", env: "TWOSMS_WIRE_FORMAT", shared: true },
} as const;

/** The regional hosts 2sms runs; `twosms:region` picks one, `twosms:baseUrl` overrides. */
export const REGION_HOSTS: Record<string, string> = {
  plus: "https://plus.2sms.com",
  portal: "https://portal.2sms.com",
  us: "https://portal.2sms.us",
  au: "https://au.2sms.com",
};

/**
 * The base URL, else the region's host, else plus: an account's own pair first (its own region
 * wins over a top-level base URL), then the top level's.
 */
function baseUrlFrom(s: Settings): string {
  for (const layer of s.account === undefined ? [s] : [s, s.top]) {
    const explicit = layer.own(settings.baseUrl)?.trim();
    if (explicit) return explicit;
    const region = layer.own(settings.region)?.trim();
    if (!region) continue;
    const host = REGION_HOSTS[region];
    if (!host) throw new ConfigurationError(layer.nameOf(settings.region), `${layer.nameOf(settings.region)}: expected one of ${Object.keys(REGION_HOSTS).join(", ")}, got ${JSON.stringify(region)}`);
    return host;
  }
  return REGION_HOSTS.plus!;
}

function wireFormatFrom(s: Settings): WireFormat {
  const format = (s.get(settings.wireFormat) ?? "json").toLowerCase();
  if (format !== "json" && format !== "xml") throw new ConfigurationError(settings.wireFormat.config, `${settings.wireFormat.config}: expected json or xml, got ${JSON.stringify(format)}`);
  return format;
}

/**
 * Success is a 2xx status without a really present error. Every ResponseOf… envelope has an
 * `Error` element (the help-page samples show it beside ResponseData), so an `Error` that is
 * there but empty (`null` codes, `<Error />`, blank text) is not a failure.
 */
export function succeeded(status: number, envelope: Envelope): boolean {
  return status >= 200 && status < 300 && !envelope.error;
}

/**
 * 2sms SMS+ admin accounts API: GET api/v1/admin/accounts (the caller's own account),
 * GET/PUT api/v2/admin/accounts/{id}, in JSON or XML, both answering the ResponseOf… envelope.
 */
export class TwoSmsClient implements ProfileApi {
  constructor(
    private readonly http: HttpClient,
    private readonly baseUrl: string,
    private readonly format: WireFormat,
  ) {}

  static fromSettings(s: Settings): TwoSmsClient {
    const clientId = s.require(settings.clientId);
    const clientSecret = s.require(settings.clientSecret);
    const baseUrl = baseUrlFrom(s);
    const format = wireFormatFrom(s);
    // The token request waits no longer than any other: a slow token endpoint is given up on and retried.
    const tokens = createHttpClient({ timeoutMs: requestTimeoutMs(s) });
    return new TwoSmsClient(httpClientFor(s, oauthClientCredentials(baseUrl, { clientId, clientSecret }, tokens.send)), baseUrl, format);
  }

  /** The account `locate` just fetched; its details serve the read that follows, once. */
  private located: { id: string; envelope: Envelope } | undefined;

  /**
   * Without an account id, the account the API client belongs to. That GET answers the whole
   * account, so the read that follows adoption reuses it instead of asking again.
   */
  async locate(locator: Record<string, unknown>): Promise<string> {
    const named = adapter.idFromLocator(locator);
    if (named !== undefined) return named;
    const envelope = await this.call("find the client's account", { method: "GET", url: apiUrl(this.baseUrl, "/api/v1/admin/accounts") });
    const id = envelope.detail?.ID;
    if (typeof id !== "string" || !GUID.test(id)) throw new ApiError({ api: "2sms", operation: "find the client's account", apiMessage: "the answer holds no account ID" });
    this.located = { id: id.toLowerCase(), envelope };
    return id.toLowerCase();
  }

  /**
   * Every account the API client may view: its own first, then the subaccounts it was granted
   * (plus.2sms.com/Help/Api/GET-api-v1-admin-accounts-id-accounts_Name_MobilePhone_EmailAddress:
   * "retrieves all the accounts that the authenticated user is allowed to view. It will return
   * the master account first, followed by all the sub-accounts that the user has been granted
   * access"). One read each, as `pulumi-profiles import` needs the fields; 2sms documents no paging.
   */
  async list(): Promise<Array<{ id: string; result: ReadResult }>> {
    const own = await this.locate({});
    this.located = undefined;
    const operation = "list the accounts the client can view";
    const envelope = await this.call(operation, { method: "GET", url: apiUrl(this.baseUrl, `/api/v1/admin/accounts/${own}/accounts`) });
    const listed = Array.isArray(envelope.detail) ? envelope.detail : (envelope.detail as { Account?: unknown } | undefined)?.Account;
    const items = Array.isArray(listed) ? listed : listed === undefined ? [] : [listed];
    const ids = [...new Set(items.map((item) => String((item as { ID?: unknown }).ID ?? "").toLowerCase()))];
    if (ids.some((id) => !GUID.test(id))) throw new ApiError({ api: "2sms", operation, apiMessage: "an account in the answer has no ID" });
    const out: Array<{ id: string; result: ReadResult }> = [];
    for (const id of ids.includes(own) ? ids : [own, ...ids]) out.push({ id, result: await this.read(id) });
    return out;
  }

  async read(id: string): Promise<ReadResult> {
    const reuse = this.located?.id === id ? this.located.envelope : undefined;
    this.located = undefined;
    const envelope = reuse ?? (await this.call("read account", { method: "GET", url: apiUrl(this.baseUrl, `/api/v2/admin/accounts/${id}`) }));
    const detail = accountDetailSchema.safeParse(envelope.detail);
    if (!detail.success) throw new ApiError({ api: "2sms", operation: "read account", apiMessage: `unexpected account shape: ${detail.error.issues[0]?.message}` });
    // The SMS password is readable but secret: from now on no message may print it.
    redactor.add(detail.data.SMSPassword);
    // The object is the account: its ID is the account it belongs to.
    return { fields: fieldsFromDetail(detail.data), account: detail.data.ID.toLowerCase() };
  }

  /** PUT answers ResponseOfObject with an empty Detail, so the engine keeps what it sent. */
  async write(id: string, patch: FlatProfile): Promise<undefined> {
    await this.call("update account", {
      method: "PUT",
      url: apiUrl(this.baseUrl, `/api/v2/admin/accounts/${id}`),
      headers: { "content-type": contentType(this.format) },
      body: encodeAccount(patch, this.format),
    });
    return undefined;
  }

  private async call(operation: string, request: HttpRequest): Promise<Envelope> {
    const response = await this.http.send({ ...request, headers: { accept: contentType(this.format), ...request.headers } });
    const envelope = this.decode(operation, response);
    if (!succeeded(response.status, envelope)) {
      const reason = envelope.error?.reason;
      throw new ApiError({
        api: "2sms",
        operation,
        status: response.status,
        apiCode: envelope.error?.code,
        apiMessage: reason || (response.status === 401 ? "not authorised for this account" : undefined),
        field: reason ? ["ContactNumber", "EmailAddress", "SMSPassword", "SMSUsername", "TimeZone", "Website", "LanguageID"].find((f) => reason.includes(f)) : undefined,
        attempts: response.attempts,
      });
    }
    return envelope;
  }

  private decode(operation: string, response: HttpResponse): Envelope {
    try {
      return decodeEnvelope(response.body, response.headers["content-type"]);
    } catch (err) {
      if (response.status >= 400) return {};
      // Only a MalformedBody's message is known to hold none of the body.
      const apiMessage = err instanceof MalformedBody ? `the answer could not be read (${err.message})` : "the answer could not be read";
      throw new ApiError({ api: "2sms", operation, status: response.status, apiMessage, attempts: response.attempts });
    }
  }
}
