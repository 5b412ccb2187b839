import type { RecordedRequest, Sandbox } from "../sandbox";
import { e2eApis, type E2eApi } from "../test/support/apis";
import { ProfileDriver } from "../test/support/driver";

/** Requests one lifecycle operation sent, against the fewest it could send. */
export interface OperationCount {
  api: string;
  operation: string;
  requests: number;
  minimum: number;
  /** What the requests were, e.g. "GET /v1/profile". */
  sent: string[];
  note?: string;
}

/**
 * Every operation is measured as its own `pulumi` run has it: the lifecycle is configured anew
 * before each, as a fresh dynamic-provider process would be, so no client, connection or token
 * carries over from the operation before.
 * Token requests are requests like any other and are counted: an operation of an OAuth API
 * (2sms) that sends anything costs one token request more.
 */
const isTokenRequest = (r: RecordedRequest) => r.path === "/Token";

export async function measureRequestCounts(sandbox: Sandbox): Promise<OperationCount[]> {
  const rows: OperationCount[] = [];
  for (const api of e2eApis) rows.push(...(await countsFor(api, sandbox)));
  return rows;
}

async function countsFor(api: E2eApi, sandbox: Sandbox): Promise<OperationCount[]> {
  const server = sandbox.servers[api.name]!;
  const rows: OperationCount[] = [];
  const oauth = api.name === "twosms";
  const measure = async (operation: string, profileMinimum: number, run: () => Promise<unknown>, note?: string, driver = d) => {
    driver.lifecycle.configure({ get: () => undefined }, sandbox.env);
    server.clearLog();
    await run();
    const minimum = profileMinimum + (oauth && profileMinimum > 0 ? 1 : 0);
    const tokens = server.requests.filter(isTokenRequest).length;
    const tokenNote = tokens > 0 ? `${tokens} token request${tokens > 1 ? "s" : ""} counted` : undefined;
    const fullNote = [note, tokenNote].filter(Boolean).join("; ");
    rows.push({ api: api.name, operation, requests: server.requests.length, minimum, sent: server.requests.map((r) => `${r.method} ${r.path.replace(/[0-9a-f]{32}|[0-9a-f-]{36}/g, "…")}`), ...(fullNote ? { note: fullNote } : {}) });
  };

  api.reset(sandbox);
  const d = new ProfileDriver(api.name, sandbox.env);
  const isObject = Boolean(api.exists);
  await measure("check", 0, () => d.lifecycle.check({}, api.initial));
  await measure(isObject ? "create" : "create (adopt, fields differ)", 2, () => d.up(api.initial), isObject ? "one list GET filtered by FriendlyName and PolicySid, so an uncertain create never takes a profile that already matched; one POST answering the object" : "one GET, one write");
  await measure("diff (no change)", 0, () => d.lifecycle.diff(d.id!, d.state!, api.initial));
  await measure("no-op up", 0, () => d.up(api.initial));
  await measure("read (refresh)", 1, () => d.refresh());
  // 2sms's PUT answers no object and must repeat required fields this program leaves unmanaged:
  // the one GET the issue allows where a write does not answer with the object.
  const freshRead = api.name === "twosms" ? 1 : 0;
  const freshNote = freshRead ? "GET reads the required fields the program does not manage, so the PUT cannot revert a portal edit" : undefined;
  await measure("update one field", 1 + freshRead, () => d.up(api.change.inputs), freshNote);
  await measure(isObject ? "delete (created)" : "delete (forget)", isObject ? 1 : 0, () => d.destroy());

  api.reset(sandbox);
  const restoring = new ProfileDriver(api.name, sandbox.env);
  const restoreInputs = api.restoreInputs?.(sandbox) ?? api.change.inputs;
  await restoring.up({ ...restoreInputs, restoreOnDelete: true });
  await measure("delete (restoreOnDelete)", 1 + freshRead, () => restoring.destroy(), freshNote, restoring);

  if (api.name === "twosms") {
    api.reset(sandbox);
    const a = sandbox.twosms.emulator.account;
    const managed = { SMSPassword: "Sms-Passw0rd", Name: "Example Ltd", ContactNumber: a.ContactNumber, EmailAddress: a.EmailAddress, SMSUsername: a.SMSUsername, TimeZone: a.TimeZone };
    const full = new ProfileDriver(api.name, sandbox.env);
    await full.up(managed);
    await measure("update, all required fields managed", 1, () => full.up({ ...managed, Name: "Renamed Ltd" }), "nothing to read: the PUT repeats the program's own values", full);
  }
  return rows;
}
