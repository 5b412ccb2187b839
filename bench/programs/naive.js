// The dynamic providers a user could write in an afternoon, as Pulumi's docs show them: object
// literals of async methods doing their own HTTP with the built-in fetch, serialized with what
// they capture into every resource's state. No check, no diff: the engine diffs inputs itself.
// Credentials come from the environment (the docs' closures often capture them, which would put
// them in state). A profile of another account (the fleet shape's `account`) gets that account's
// credentials the naive way: as resource inputs, the token marked secret, so each resource's
// state carries its account's credentials. Create adopts the account-wide profiles by writing
// every field. The engine passes its own `__provider` among the inputs; the first run against a
// strict API teaches the author to leave it out.
const pulumi = require("@pulumi/pulumi");
const { declareStack } = require("./shape");

function withoutProvider(fields) {
  const { __provider, ...rest } = fields;
  return rest;
}

const wavix = {
  async create(inputs) {
    await wavix.put(inputs);
    return { id: "wavix-profile", outs: inputs };
  },
  async read(id, props) {
    const res = await fetch(`${process.env.WAVIX_BASE_URL}/v1/profile`, { headers: { authorization: `Bearer ${process.env.WAVIX_API_KEY}` } });
    if (!res.ok) throw new Error(`read failed: ${res.status}`);
    const live = await res.json();
    const props2 = {};
    for (const key of Object.keys(props)) props2[key] = key === "company_info" ? { ...props.company_info, ...live.company_info } : live[key] ?? props[key];
    return { id, props: props2 };
  },
  async update(_id, _olds, news) {
    await wavix.put(news);
    return { outs: news };
  },
  async put(fields) {
    const res = await fetch(`${process.env.WAVIX_BASE_URL}/v1/profile`, { method: "PUT", headers: { authorization: `Bearer ${process.env.WAVIX_API_KEY}`, "content-type": "application/json" }, body: JSON.stringify(withoutProvider(fields)) });
    if (!res.ok) throw new Error(`update failed: ${res.status} ${await res.text()}`);
  },
};

const voximplant = {
  async create(inputs) {
    await voximplant.call("SetAccountInfo", inputs);
    return { id: "voximplant-account", outs: inputs };
  },
  async read(id, props) {
    const live = (await voximplant.call("GetAccountInfo", {})).result;
    const props2 = {};
    for (const key of Object.keys(props)) props2[key] = live[key] ?? props[key];
    return { id, props: props2 };
  },
  async update(_id, _olds, news) {
    await voximplant.call("SetAccountInfo", news);
    return { outs: news };
  },
  async call(method, params) {
    const crypto = require("crypto");
    const credentials = JSON.parse(process.env.VOXIMPLANT_CREDENTIALS);
    const now = Math.floor(Date.now() / 1000);
    const b64 = (value) => Buffer.from(value).toString("base64url");
    const unsigned = `${b64(JSON.stringify({ alg: "RS256", typ: "JWT", kid: credentials.key_id }))}.${b64(JSON.stringify({ iss: credentials.account_id, iat: now, exp: now + 3600 }))}`;
    const jwt = `${unsigned}.${b64(crypto.createSign("RSA-SHA256").update(unsigned).sign(credentials.private_key))}`;
    const query = new URLSearchParams(Object.entries(withoutProvider(params)).map(([k, v]) => [k, String(v)]));
    const res = await fetch(`${process.env.VOXIMPLANT_BASE_URL}/platform_api/${method}?${query}`, { method: "POST", headers: { authorization: `Bearer ${jwt}` } });
    const body = await res.json();
    if (!res.ok || body.error) throw new Error(`${method} failed: ${JSON.stringify(body.error)}`);
    return body;
  },
};

const twosms = {
  async create(inputs) {
    const account = await twosms.account();
    await twosms.put(account, inputs);
    return { id: account.ID, outs: inputs };
  },
  async read(id, props) {
    const live = await twosms.account();
    const props2 = {};
    for (const key of Object.keys(props)) props2[key] = live[key] ?? props[key];
    return { id, props: props2 };
  },
  async update(_id, _olds, news) {
    await twosms.put(await twosms.account(), news);
    return { outs: news };
  },
  async token() {
    const body = new URLSearchParams({ grant_type: "client_credentials", client_id: process.env.TWOSMS_CLIENT_ID, client_secret: process.env.TWOSMS_CLIENT_SECRET });
    const res = await fetch(`${process.env.TWOSMS_BASE_URL}/Token`, { method: "POST", body });
    return (await res.json()).access_token;
  },
  async account() {
    const res = await fetch(`${process.env.TWOSMS_BASE_URL}/api/v1/admin/accounts`, { headers: { authorization: `Bearer ${await twosms.token()}`, accept: "application/json" } });
    if (!res.ok) throw new Error(`read failed: ${res.status}`);
    return (await res.json()).ResponseData.Detail;
  },
  async put(account, fields) {
    const res = await fetch(`${process.env.TWOSMS_BASE_URL}/api/v2/admin/accounts/${account.ID}`, {
      method: "PUT",
      headers: { authorization: `Bearer ${await twosms.token()}`, "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ ...account, ...withoutProvider(fields) }),
    });
    if (!res.ok) throw new Error(`update failed: ${res.status} ${await res.text()}`);
  },
};

const twilio = {
  async create(inputs) {
    const body = new URLSearchParams({ FriendlyName: inputs.FriendlyName, Email: inputs.Email, PolicySid: inputs.PolicySid });
    const res = await fetch(`${process.env.TWILIO_TRUSTHUB_BASE_URL}/v1/CustomerProfiles`, { method: "POST", headers: { authorization: twilio.auth(inputs), "content-type": "application/x-www-form-urlencoded" }, body });
    if (!res.ok) throw new Error(`create failed: ${res.status}`);
    const profile = await res.json();
    return { id: profile.sid, outs: { ...inputs, ...profile } };
  },
  async read(id, props) {
    const res = await fetch(`${process.env.TWILIO_TRUSTHUB_BASE_URL}/v1/CustomerProfiles/${id}`, { headers: { authorization: twilio.auth(props) } });
    if (!res.ok) throw new Error(`read failed: ${res.status}`);
    return { id, props: { ...props, ...(await res.json()) } };
  },
  async update(id, _olds, news) {
    const body = new URLSearchParams({ FriendlyName: news.FriendlyName, Email: news.Email });
    const res = await fetch(`${process.env.TWILIO_TRUSTHUB_BASE_URL}/v1/CustomerProfiles/${id}`, { method: "POST", headers: { authorization: twilio.auth(news), "content-type": "application/x-www-form-urlencoded" }, body });
    if (!res.ok) throw new Error(`update failed: ${res.status}`);
    return { outs: { ...news, ...(await res.json()) } };
  },
  async delete(id, props) {
    await fetch(`${process.env.TWILIO_TRUSTHUB_BASE_URL}/v1/CustomerProfiles/${id}`, { method: "DELETE", headers: { authorization: twilio.auth(props) } });
  },
  auth(props) {
    const [sid, token] = props.accountSid ? [props.accountSid, props.authToken] : [process.env.TWILIO_ACCOUNT_SID, process.env.TWILIO_AUTH_TOKEN];
    return "Basic " + Buffer.from(`${sid}:${token}`).toString("base64");
  },
};

const providers = { wavix, voximplant, twosms, twilio };

declareStack((api, name, args, secretKeys = []) => {
  const { account, ...props } = args;
  if (account !== undefined) {
    const suffix = account.toUpperCase().replace(/-/g, "_");
    props.accountSid = process.env[`TWILIO_ACCOUNT_SID__${suffix}`];
    props.authToken = process.env[`TWILIO_AUTH_TOKEN__${suffix}`];
    secretKeys = [...secretKeys, "authToken"];
  }
  for (const key of secretKeys) props[key] = pulumi.secret(props[key]);
  return new pulumi.dynamic.Resource(providers[api], name, props, undefined, "naive", api);
});
