import twilio from "twilio";
import RequestClient from "twilio/lib/base/RequestClient";

/** Both hosts the official client talks to here: trusthub.twilio.com (v1) and api.twilio.com (2010 API). */
const HOSTS = /^https:\/\/(trusthub|api)\.twilio\.com/;

/** Twilio's RequestClient with the hosts swapped for the emulator's: method, path, auth, form and query untouched. */
class EmulatorRequestClient extends RequestClient {
  constructor(private readonly baseUrl: string) {
    super();
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    return super.request({ ...opts, uri: opts.uri.replace(HOSTS, this.baseUrl) });
  }
}

/**
 * Twilio's own Node client (twilio 6.3.1), unchanged but for its transport, pointed at the
 * emulator at `baseUrl`. `accountSid` is the helper libraries' "third parameter": the
 * subaccount a parent's credentials act for on the 2010 API.
 */
export function officialTwilioClient(baseUrl: string, username: string, password: string, { accountSid }: { accountSid?: string } = {}): twilio.Twilio {
  return twilio(username, password, { httpClient: new EmulatorRequestClient(baseUrl), autoRetry: false, ...(accountSid ? { accountSid } : {}) });
}
