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

  get(spec: SettingSpec): string | undefined {
    const fromConfig = this.config.get(spec.config);
    const value = fromConfig !== undefined && fromConfig !== "" ? fromConfig : this.env[spec.env];
    if (value === undefined || value === "") return undefined;
    if (spec.secret && value.length < MIN_SECRET_LENGTH) {
      throw new ConfigurationError(spec.config, `${spec.config}: expected at least ${MIN_SECRET_LENGTH} characters (${SHORT_SECRET_RULE})`);
    }
    if (spec.secret) redactor.add(value);
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
