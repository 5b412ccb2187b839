import * as z from "zod/mini";
import { email, httpUrl, text } from "../../validation";

export const CUSTOMER_PROFILE_SID = /^BU[0-9a-fA-F]{32}$/;
/** What a bundle can hold: end users (IT), supporting documents (RD), another Customer-Profile (BU, an ISV's primary). */
export const ASSIGNABLE_SID = /^(IT|RD|BU)[0-9a-fA-F]{32}$/;
export const POLICY_SID = /^RN[0-9a-fA-F]{32}$/;

/** Statuses Twilio sets itself; a program may only ask for `draft` or `pending-review` (submit for review). */
export const TWILIO_OWNED_STATUSES = ["in-review", "twilio-rejected", "twilio-approved"] as const;

/** The create and update parameters, named as the form parameters name them. */
export const profileSchema = z.strictObject({
  FriendlyName: z.optional(text(64).check(z.minLength(1, { message: "expected a non-empty name" }))).register(z.globalRegistry, { description: "Name of the Customer-Profile.", readFrom: "friendly_name", source: "twilio.com/docs/trusthub/api/customer-profile (FriendlyName: up to 64 characters)" }),
  Email: z.optional(email()).register(z.globalRegistry, { description: "Email that receives updates when the profile's status changes.", readFrom: "email" }),
  PolicySid: z
    .optional(z.string().check(z.regex(POLICY_SID, { message: "expected a policy Sid: RN followed by 32 hex digits" })))
    .register(z.globalRegistry, { description: "Policy the profile is evaluated against.", readFrom: "policy_sid", source: "twilio.com/docs/trusthub/api/customer-profile (create takes PolicySid, update does not)" }),
  StatusCallback: z.optional(httpUrl()).register(z.globalRegistry, { description: "URL Twilio calls on status changes.", readFrom: "status_callback" }),
  EntityAssignments: z
    .optional(z.array(z.string().check(z.regex(ASSIGNABLE_SID, { message: "expected the Sid of an end user (IT…), a supporting document (RD…) or a Customer-Profile (BU…)" }))))
    .register(z.globalRegistry, {
      description:
        "The objects the profile holds, by Sid: end users (IT…), supporting documents (RD…) and, for an ISV's secondary profile, the primary Customer-Profile (BU…). Usually the `sid` outputs of EndUser and SupportingDocument resources. Order does not matter.",
      readFrom: "GET /v1/CustomerProfiles/{Sid}/EntityAssignments (object_sid)",
      source: "twilio.com/docs/trusthub/api/customer-profile-entity-assignment (ObjectSid: an end user, supporting document or customer profile Sid)",
    }),
  Status: z
    .optional(
      z.string().check(
        z.refine((s) => s === "draft" || s === "pending-review", {
          message: `expected draft or pending-review (submit for review); ${TWILIO_OWNED_STATUSES.join(", ")} are set by Twilio and can only be read (see the status output)`,
        }),
      ),
    )
    .register(z.globalRegistry, {
      description: "draft, or pending-review to submit the profile for review. Twilio's own statuses are in the status output.",
      readFrom: "status (in-review and twilio-approved read as pending-review)",
      source: "twilio.com/docs/trusthub/api/customer-profile (Status values; update takes draft or pending-review)",
    }),
});

export const locatorSchema = z.object({
  sid: z
    .optional(z.string().check(z.regex(CUSTOMER_PROFILE_SID, { message: "expected a Customer-Profile Sid: BU followed by 32 hex digits" })))
    .register(z.globalRegistry, { description: "An existing Customer-Profile to adopt instead of creating one." }),
});

export type TwilioCustomerProfile = z.infer<typeof profileSchema>;
export type TwilioLocator = z.infer<typeof locatorSchema>;

/** trusthub.v1.customer_profile as create, fetch and update answer it. */
export const customerProfileSchema = z.looseObject({
  sid: z.string(),
  account_sid: z.nullish(z.string()),
  policy_sid: z.nullish(z.string()),
  friendly_name: z.nullish(z.string()),
  status: z.string(),
  valid_until: z.nullish(z.string()),
  email: z.nullish(z.string()),
  status_callback: z.nullish(z.string()),
  date_created: z.nullish(z.string()),
  date_updated: z.nullish(z.string()),
  url: z.nullish(z.string()),
  links: z.nullish(z.record(z.string(), z.string())),
  errors: z.nullish(z.array(z.unknown())),
});

export type CustomerProfile = z.infer<typeof customerProfileSchema>;

/** One page of a list; `meta.next_page_url` is null on the last page. */
export const listSchema = z.looseObject({ results: z.array(customerProfileSchema), meta: z.nullish(z.looseObject({ next_page_url: z.nullish(z.string()) })) });
export type CustomerProfileList = z.infer<typeof listSchema>;

/** trusthub.v1.customer_profiles_entity_assignments (twilio/twilio-oai spec/json/twilio_trusthub_v1.json). */
export const entityAssignmentSchema = z.looseObject({ sid: z.string(), object_sid: z.string(), customer_profile_sid: z.nullish(z.string()), account_sid: z.nullish(z.string()), date_created: z.nullish(z.string()) });
export type EntityAssignment = z.infer<typeof entityAssignmentSchema>;

/**
 * trusthub.v1.customer_profiles_evaluations: `results` is one entry per requirement of the
 * Policy, `passed` or not, with Twilio's reason and the fields that failed (`invalid`).
 * The twilio-oai spec types `results` only as an array, so each entry is read loosely.
 */
const evaluationFieldSchema = z.looseObject({ friendly_name: z.nullish(z.string()), object_field: z.nullish(z.string()), failure_reason: z.nullish(z.string()), error_code: z.nullish(z.number()) });
export const evaluationSchema = z.looseObject({
  sid: z.string(),
  status: z.string(),
  policy_sid: z.nullish(z.string()),
  results: z.nullish(
    z.array(
      z.looseObject({
        friendly_name: z.nullish(z.string()),
        requirement_friendly_name: z.nullish(z.string()),
        requirement_name: z.nullish(z.string()),
        object_type: z.nullish(z.string()),
        passed: z.nullish(z.boolean()),
        failure_reason: z.nullish(z.string()),
        error_code: z.nullish(z.number()),
        invalid: z.nullish(z.array(evaluationFieldSchema)),
      }),
    ),
  ),
});
export type Evaluation = z.infer<typeof evaluationSchema>;

/** Twilio's REST error body. */
export const errorSchema = z.looseObject({ code: z.optional(z.number()), message: z.optional(z.string()), more_info: z.optional(z.string()), status: z.optional(z.number()) });

/** Read-only values exposed as outputs (refresh reports them), as the fetch answer names them. */
export const outputSchema = z.object({
  sid: z.string().register(z.globalRegistry, { description: "The Customer-Profile's Sid (BU…)." }),
  account_sid: z.nullable(z.string()).register(z.globalRegistry, { description: "The account the profile belongs to." }),
  policy_sid: z.nullable(z.string()).register(z.globalRegistry, { description: "The policy as Twilio holds it." }),
  status: z.string().register(z.globalRegistry, { description: "Twilio's status: draft, pending-review, in-review, twilio-rejected or twilio-approved." }),
  valid_until: z.nullable(z.string()).register(z.globalRegistry, { description: "When an approved profile expires (ISO 8601)." }),
  date_created: z.nullable(z.string()).register(z.globalRegistry, { description: "When the profile was created (ISO 8601)." }),
  date_updated: z.nullable(z.string()).register(z.globalRegistry, { description: "When the profile was last updated (ISO 8601)." }),
  url: z.nullable(z.string()).register(z.globalRegistry, { description: "The profile's API URL." }),
  errors: z.nullable(z.array(z.unknown())).register(z.globalRegistry, { description: "Why Twilio rejected the profile, when it did." }),
});

export type CustomerProfileOutputs = z.infer<typeof outputSchema>;
