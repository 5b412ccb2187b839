import { ConfigurationError } from "./errors";
import { MIN_SECRET_LENGTH, redactor } from "../http/redact";
import { SHORT_SECRET_RULE } from "./secretRules";

/**
 * Where credentials and base URLs come from: stack config first (Pulumi decrypts secrets before
 * configure() sees them), then environment variables, which the provider process inherits from
 * the CLI. Never resource inputs, so rotating a key changes no input and shows no diff.
 */
export interface ConfigReader {
  get(key: string): string | undefined;
}

export interface SettingSpec {
  /** Stack config key, namespaced: "wavix:apiKey". */
  config: string;
  /** Environment variable: "WAVIX_API_KEY". */
  env: string;
  secret?: boolean;
  /**
   * Not a credential (a base URL, a region, a wire format, the timeout): an account's set that
   * leaves it out takes the top-level value. A credential never does: an account without its own
   * key must fail, not act with the default account's.
   */
  shared?: boolean;
  /** One value for every account (the request timeout): never looked up in an account's set. */
  global?: boolean;
}

/**
 * A name a profile's `account` input may take: it is a key of stack config paths
 * (`twilio:accounts.<name>.authToken`) and the suffix of environment variables, so lowercase
 * letters, digits and inner hyphens only (each hyphen is `_` in a variable name).
 */
export const ACCOUNT_NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Where an account's value of a setting is looked up: its stack config path and environment variable. */
export function accountSettingKeys(spec: SettingSpec, account: string): { object: string; path: string; env: string } {
  const colon = spec.config.indexOf(":");
  const namespace = spec.config.slice(0, colon);
  return {
    object: `${namespace}:accounts`,
    path: `${namespace}:accounts.${account}.${spec.config.slice(colon + 1)}`,
    env: `${spec.env}__${account.toUpperCase().replace(/-/g, "_")}`,
  };
}

/** A setting no config or variable gives (rather than one given wrong): `import` skips a set that lacks one. */
export class MissingSettingError extends ConfigurationError {}

export class Settings {
  /** Each namespace's `<api>:accounts` object, parsed once. */
  private readonly accountSets = new Map<string, Record<string, Record<string, unknown>>>();

  /**
   * @param account the credential set this view reads (a profile's `account` input), or
   *   undefined for the top-level settings every profile without `account` uses.
   */
  constructor(
    private readonly config: ConfigReader = { get: () => undefined },
    private readonly env: NodeJS.ProcessEnv = process.env,
    readonly account?: string,
    private readonly parent?: Settings,
  ) {}

  /** The settings of one named account; its shared settings fall back to these. */
  forAccount(account: string): Settings {
    return new Settings(this.config, this.env, account, this.top);
  }

  /**
   * Every account name configured for one API (`namespace`: "wavix"): the keys of its
   * `<api>:accounts` object and the suffixes of its `<API>_…__<NAME>` variables. What
   * `pulumi-profiles import` brings under code.
   */
  accountNames(namespace: string): string[] {
    const names = new Set(Object.keys(this.top.accountSet(`${namespace}:accounts`)));
    const variable = new RegExp(`^${namespace.toUpperCase()}_[A-Z0-9_]*[A-Z0-9]__([A-Z0-9_]+)$`);
    for (const [key, value] of Object.entries(this.env)) {
      const suffix = value?.trim() ? variable.exec(key)?.[1] : undefined;
      if (suffix !== undefined) names.add(suffix.toLowerCase().replace(/_/g, "-"));
    }
    return [...names].filter((name) => ACCOUNT_NAME.test(name)).sort();
  }

  /** The top-level settings (a parent's credentials that may act for an account's subaccount). */
  get top(): Settings {
    return this.parent ?? this;
  }

  /**
   * The setting with surrounding whitespace removed: a key or id pasted into a CI secret with a
   * trailing newline means the key without it, and no key, id, URL or number has meaningful
   * whitespace at its ends. A secret joins the redactor both as used and as given, before
   * anything can fail, so a message quoting either form is masked.
   */
  get(spec: SettingSpec): string | undefined {
    if (spec.global && this.parent) return this.parent.get(spec);
    const given = this.own(spec);
    const value = given?.trim();
    if (!value) return spec.shared && this.parent ? this.parent.get(spec) : undefined;
    if (!spec.secret) return value;
    if (value.length < MIN_SECRET_LENGTH) {
      throw new ConfigurationError(spec.config, `${this.nameOf(spec)}: expected at least ${MIN_SECRET_LENGTH} characters (${SHORT_SECRET_RULE})`);
    }
    redactor.add(given!, value);
    return value;
  }

  /**
   * The value this set itself gives, untrimmed and unchecked: no top-level fallback. For settings
   * that only make sense together (2sms's base URL or region), so that an account's own region is
   * not overridden by the top-level base URL.
   */
  own(spec: SettingSpec): string | undefined {
    return this.account === undefined ? this.topLevel(spec) : this.ofAccount(spec, this.account);
  }

  require(spec: SettingSpec): string {
    const value = this.get(spec);
    if (value !== undefined) return value;
    const secret = spec.secret ? "--secret " : "";
    if (this.account === undefined) {
      throw new MissingSettingError(spec.config, `missing setting ${spec.config}: set it with \`pulumi config set ${secret}${spec.config} …\` or the environment variable ${spec.env}`);
    }
    const keys = accountSettingKeys(spec, this.account);
    throw new MissingSettingError(
      keys.path,
      `missing setting ${keys.path} for account "${this.account}": set it with \`pulumi config set ${secret}--path '${keys.path}' …\` or the environment variable ${keys.env}`,
    );
  }

  /** How messages name the setting: its own key, or the account's path to it. */
  nameOf(spec: SettingSpec): string {
    return this.account === undefined ? spec.config : accountSettingKeys(spec, this.account).path;
  }

  private topLevel(spec: SettingSpec): string | undefined {
    const fromConfig = this.config.get(spec.config);
    return fromConfig?.trim() ? fromConfig : this.env[spec.env];
  }

  private ofAccount(spec: SettingSpec, account: string): string | undefined {
    const keys = accountSettingKeys(spec, account);
    const value = this.accountSet(keys.object)[account]?.[spec.config.slice(spec.config.indexOf(":") + 1)];
    // `pulumi config set --path` keeps a value that looks like a number or a boolean as one.
    if (typeof value === "number" || typeof value === "boolean") return String(value);
    if (typeof value === "string" && value.trim()) return value;
    if (value !== undefined && value !== null && typeof value !== "string") throw new ConfigurationError(keys.path, `${keys.path}: expected a string`);
    return this.env[keys.env];
  }

  /**
   * The `<api>:accounts` config object (Pulumi hands an object-valued key to the provider as its
   * JSON, secrets decrypted). Its text may hold secrets, so a parse failure never quotes it.
   */
  private accountSet(key: string): Record<string, Record<string, unknown>> {
    if (this.parent) return this.parent.accountSet(key);
    let set = this.accountSets.get(key);
    if (set) return set;
    const text = this.config.get(key);
    set = {};
    if (text?.trim()) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new ConfigurationError(key, `${key}: expected an object of accounts (set its values with \`pulumi config set --secret --path '${key}.<account>.<setting>' …\`)`);
      }
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new ConfigurationError(key, `${key}: expected an object of accounts, one key per account name`);
      for (const [name, entry] of Object.entries(parsed)) {
        if (typeof entry !== "object" || entry === null || Array.isArray(entry)) throw new ConfigurationError(`${key}.${name}`, `${key}.${name}: expected an object of settings`);
      }
      set = parsed as Record<string, Record<string, unknown>>;
    }
    this.accountSets.set(key, set);
    return set;
  }
}
