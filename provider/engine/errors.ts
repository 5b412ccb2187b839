import { redactor } from "../http/redact";

/**
 * Failures the user sees. Every message is passed through the redactor when built, so no
 * credential can reach Pulumi's output through an error.
 */
export type ProfileErrorCode = "API_ERROR" | "CONFIGURATION" | "RESOURCE_INIT_FAILED" | "FIXED_FIELD" | "DUPLICATE" | "NOT_CONFIRMED" | "NOT_FOUND" | "WRONG_ACCOUNT";

export class ProfileError extends Error {
  readonly code: ProfileErrorCode;
  constructor(code: ProfileErrorCode, message: string) {
    super(redactor.redact(message));
    this.name = "ProfileError";
    this.code = code;
  }
}

export interface ApiErrorDetails {
  /** "Wavix" */
  api: string;
  /** "update profile" */
  operation: string;
  status?: number | undefined;
  /** The API's own error code, as it sent it. */
  apiCode?: string | number | undefined;
  /** The API's own error text. */
  apiMessage?: string | undefined;
  field?: string | undefined;
  attempts?: number | undefined;
  /** Extra guidance, e.g. Twilio's more_info link. */
  hint?: string | undefined;
}

function describe(d: ApiErrorDetails): string {
  const parts = [`${d.api} ${d.operation} failed`];
  if (d.status !== undefined) parts.push(`HTTP ${d.status}`);
  if (d.apiCode !== undefined && d.apiCode !== "") parts.push(`code ${d.apiCode}`);
  let text = parts.join(": ");
  if (d.apiMessage) text += `: ${d.apiMessage}`;
  if (d.field) text += ` (field ${d.field})`;
  if (d.attempts && d.attempts > 1) text += ` after ${d.attempts} attempts`;
  if (d.hint) text += `. ${d.hint}`;
  return text;
}

/** The API refused or failed a call: API, operation, status, the API's own code and text. */
export class ApiError extends ProfileError {
  readonly details: ApiErrorDetails;
  constructor(details: ApiErrorDetails) {
    super("API_ERROR", describe(details));
    this.name = "ApiError";
    this.details = details;
  }
  get status(): number | undefined {
    return this.details.status;
  }
}

/** Missing or malformed credentials and settings, reported before any request. */
export class ConfigurationError extends ProfileError {
  readonly setting: string;
  constructor(setting: string, message: string) {
    super("CONFIGURATION", message);
    this.name = "ConfigurationError";
    this.setting = setting;
  }
}

/**
 * The object was created (or adopted) but a follow-up call failed. Pulumi's dynamic-provider host records
 * `id` and `properties` as partial state (ErrorResourceInitFailed), so the next `up` updates
 * the object instead of creating a duplicate.
 */
export class ResourceInitFailedError extends ProfileError {
  readonly id: string;
  readonly properties: Record<string, unknown>;
  readonly reasons: string[];
  /**
   * `created` (a new object exists that the user did not see yet) names it in the message; an
   * adoption keeps the cause's message as it is: the profile existed before, only the write failed.
   */
  constructor(id: string, properties: Record<string, unknown>, cause: Error, created = true) {
    super("RESOURCE_INIT_FAILED", created ? `created ${id}, but finishing it failed: ${cause.message}` : cause.message);
    this.name = "ResourceInitFailedError";
    this.id = id;
    this.properties = properties;
    this.reasons = [this.message];
  }
}
