import * as z from "zod/mini";
import { ApiError, ConfigurationError, apiUrl } from "../../engine";
import type { HttpClient, HttpRequest, Middleware } from "../../http";
import { answerOf, basicHeader } from "./rest";

/** The fields of a 2010 Account this reads (twilio.com/docs/iam/api/account, "Account Properties"). */
const accountSchema = z.object({
  sid: z.string(),
  owner_account_sid: z.optional(z.nullable(z.string())),
  auth_token: z.optional(z.nullable(z.string())),
});

export interface ParentAccess {
  /** The parent's authenticated client (its Account SID and Auth Token). */
  http: HttpClient;
  apiBaseUrl: string;
  /** The parent's Account SID, when its credentials say it for sure. */
  parentSid: string | undefined;
}

/**
 * Basic auth as a subaccount, with the subaccount's Auth Token fetched by its parent: the one
 * way Twilio lets a parent's credentials reach a subaccount's TrustHub objects.
 *
 * twilio.com/docs/iam/api/subaccounts: a parent's Account SID and Auth Token "access v2010 API
 * resources for any of your subaccounts", but "resources on subdomains … must be accessed
 * directly using subaccount credentials (API Keys or subaccount SID + subaccount auth token)";
 * and "Main account API Keys are only available to access main account resources". Fetching
 * the subaccount (`GET /2010-04-01/Accounts/{Sid}.json`, a v2010 resource) answers its
 * `auth_token` (twilio.com/docs/iam/api/account, "Fetch an Account resource"), so the parent's
 * credentials are all a fleet of subaccounts needs. The token is fetched once per process, again
 * once if Twilio refuses it (rotated since), and is secret from the moment it arrives.
 */
export function subaccountAuth(parent: ParentAccess, subaccountSid: string, settingName: string): Middleware {
  let header: Promise<string> | undefined;

  const fetchHeader = async (): Promise<string> => {
    const operation = `fetch subaccount ${subaccountSid} with the parent's credentials`;
    const request: HttpRequest = { method: "GET", url: apiUrl(parent.apiBaseUrl, `/2010-04-01/Accounts/${subaccountSid}.json`), headers: { accept: "application/json" } };
    const account = answerOf(accountSchema, "an account", operation, request, await parent.http.send(request), [200]);
    if (parent.parentSid !== undefined && account.sid !== parent.parentSid && account.owner_account_sid !== parent.parentSid) {
      throw new ApiError({ api: "Twilio", operation, apiMessage: `account ${subaccountSid} is not a subaccount of ${parent.parentSid}`, hint: `Check ${settingName}` });
    }
    if (!account.auth_token) {
      throw new ConfigurationError(
        settingName,
        `Twilio answered the fetch of subaccount ${subaccountSid} without its Auth Token (an API key's fetch does not show it): set the parent's twilio:accountSid and twilio:authToken at the top level, or give this account its own authToken or API key`,
      );
    }
    return basicHeader(subaccountSid, account.auth_token);
  };

  const current = (): Promise<string> => {
    header ??= fetchHeader();
    header.catch(() => (header = undefined));
    return header;
  };

  return (next) => async (request) => {
    const used = current();
    const response = await next({ ...request, headers: { ...request.headers, authorization: await used } });
    if (response.status !== 401) return response;
    if (header === used) header = undefined;
    return next({ ...request, headers: { ...request.headers, authorization: await current() } });
  };
}
