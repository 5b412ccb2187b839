import { createSign } from "node:crypto";
import type { ServiceAccountCredentials } from "./schema";

const base64url = (data: string | Buffer) => Buffer.from(data).toString("base64url");

/** Lifetime of the tokens we sign; the API allows up to an hour. */
export const TOKEN_LIFETIME_S = 1800;
/** A token this close to its expiry is replaced before use, so it cannot expire in flight. */
export const RENEW_BEFORE_S = 60;
/**
 * `iat` is set this far in the past, as the official Python client does (`"iat": ts - 5`,
 * voximplant/apiclient-python apiclient.py), so a server clock slightly behind ours still
 * finds the token already valid.
 */
export const IAT_BACKDATE_S = 5;

/** A service-account JWT as documented: RS256, header kid = key_id, claims iss = account_id, iat, exp. */
export function signServiceAccountJwt(credentials: ServiceAccountCredentials, nowSeconds: number, lifetimeS = TOKEN_LIFETIME_S): string {
  const header = base64url(JSON.stringify({ alg: "RS256", typ: "JWT", kid: credentials.key_id }));
  const payload = base64url(JSON.stringify({ iss: credentials.account_id, iat: nowSeconds - IAT_BACKDATE_S, exp: nowSeconds + lifetimeS }));
  const signature = createSign("RSA-SHA256").update(`${header}.${payload}`).sign(credentials.private_key);
  return `${header}.${payload}.${base64url(signature)}`;
}

/** Signs once and reuses the token until shortly before it expires. */
export class TokenCache {
  private token: { value: string; expiresAt: number } | undefined;

  constructor(
    private readonly credentials: ServiceAccountCredentials,
    private readonly now: () => number = () => Math.floor(Date.now() / 1000),
  ) {}

  get(): string {
    const now = this.now();
    if (!this.token || this.token.expiresAt - RENEW_BEFORE_S <= now) {
      this.token = { value: signServiceAccountJwt(this.credentials, now), expiresAt: now + TOKEN_LIFETIME_S };
    }
    return this.token.value;
  }
}
