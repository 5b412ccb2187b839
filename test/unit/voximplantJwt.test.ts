import { createVerify, generateKeyPairSync } from "node:crypto";
import { IAT_BACKDATE_S, RENEW_BEFORE_S, TOKEN_LIFETIME_S, TokenCache, signServiceAccountJwt } from "../../provider/apis/voximplant/jwt";

const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const credentials = { account_id: 3456750, key_id: "key-1", private_key: privateKey.export({ type: "pkcs8", format: "pem" }).toString() };
const decode = (part: string) => JSON.parse(Buffer.from(part, "base64url").toString("utf8"));

describe("Voximplant service-account JWT", () => {
  it("is RS256 with kid = key_id and claims iss (numeric account id), iat backdated a few seconds, exp ≤ iat + 3600", () => {
    const token = signServiceAccountJwt(credentials, 1_800_000_000);
    const [header, payload, signature] = token.split(".");
    expect(decode(header!)).toEqual({ alg: "RS256", typ: "JWT", kid: "key-1" });
    const claims = decode(payload!);
    // Backdated like the official Python client (iat = now − 5), so a server clock a little behind accepts it.
    expect(IAT_BACKDATE_S).toBe(5);
    expect(claims).toEqual({ iss: 3456750, iat: 1_800_000_000 - 5, exp: 1_800_000_000 + TOKEN_LIFETIME_S });
    expect(claims.exp - claims.iat).toBeLessThanOrEqual(3600);
    expect(createVerify("RSA-SHA256").update(`${header}.${payload}`).verify(publicKey, Buffer.from(signature!, "base64url"))).toBe(true);
  });

  it("is signed once and reused until shortly before expiry", () => {
    let now = 1_800_000_000;
    const cache = new TokenCache(credentials, () => now);
    const first = cache.get();
    now += TOKEN_LIFETIME_S - RENEW_BEFORE_S - 1;
    expect(cache.get()).toBe(first);
    now += 1;
    const renewed = cache.get();
    expect(renewed).not.toBe(first);
    expect(decode(renewed.split(".")[1]!).iat).toBe(now - IAT_BACKDATE_S);
  });
});
