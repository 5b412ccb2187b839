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
}

export class Settings {
  constructor(
    private readonly config: ConfigReader = { get: () => undefined },
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /**
   * The setting with surrounding whitespace removed: a key or id pasted into a CI secret with a
   * trailing newline means the key without it, and no key, id, URL or number has meaningful
   * whitespace at its ends. A secret joins the redactor both as used and as given, before
   * anything can fail, so a message quoting either form is masked.
   */
  get(spec: SettingSpec): string | undefined {
    const fromConfig = this.config.get(spec.config);
    const given = fromConfig?.trim() ? fromConfig : this.env[spec.env];
    const value = given?.trim();
    if (!value) return undefined;
    if (!spec.secret) return value;
    if (value.length < MIN_SECRET_LENGTH) {
      throw new ConfigurationError(spec.config, `${spec.config}: expected at least ${MIN_SECRET_LENGTH} characters (${SHORT_SECRET_RULE})`);
    }
    redactor.add(given, value);
    return value;
  }

  require(spec: SettingSpec): string {
    const value = this.get(spec);
    if (value === undefined) {
      throw new ConfigurationError(
        spec.config,
        `missing setting ${spec.config}: set it with \`pulumi config set ${spec.secret ? "--secret " : ""}${spec.config} …\` or the environment variable ${spec.env}`,
      );
    }
    return value;
  }
}
