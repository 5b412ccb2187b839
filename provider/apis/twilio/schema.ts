import * as z from "zod/mini";
import { email, httpUrl, text } from "../../validation";

export const CUSTOMER_PROFILE_SID = /^BU[0-9a-fA-F]{32}$/;
export const POLICY_SID = /^RN[0-9a-fA-F]{32}$/;

/** Statuses Twilio sets itself; a program may only ask for `draft` or `pending-review` (submit for review). */
export const TWILIO_OWNED_STATUSES = ["in-review", "twilio-rejected", "twilio-approved"] as const;

/** The create and update parameters, named as the form parameters name them. */
export const profileSchema = z.strictObject({
  FriendlyName: z.optional(text(64).check(z.minLength(1, { message: "expected a non-empty name" }))).register(z.globalRegistry, { description: "Name of the Customer-Profile." }),
  Email: z.optional(email()).register(z.globalRegistry, { description: "Email that receives updates when the profile's status changes." }),
  PolicySid: z
    .optional(z.string().check(z.regex(POLICY_SID, { message: "expected a policy Sid: RN followed by 32 hex digits" })))
    .register(z.globalRegistry, { description: "Policy the profile is evaluated against (set at creation)." }),
  StatusCallback: z.optional(httpUrl()).register(z.globalRegistry, { description: "URL Twilio calls on status changes." }),
  Status: z
    .optional(
      z.string().check(
        z.refine((s) => s === "draft" || s === "pending-review", {
          message: `expected draft or pending-review (submit for review); ${TWILIO_OWNED_STATUSES.join(", ")} are set by Twilio and can only be read (see the status output)`,
        }),
      ),
    )
    .register(z.globalRegistry, { description: "draft, or pending-review to submit the profile for review." }),
});

export const locatorSchema = z.object({
  /** An existing Customer-Profile to adopt instead of creating one. */
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

/** Twilio's REST error body. */
export const errorSchema = z.looseObject({ code: z.optional(z.number()), message: z.optional(z.string()), more_info: z.optional(z.string()), status: z.optional(z.number()) });

/** Read-only values exposed as outputs (refresh reports them). */
export interface CustomerProfileOutputs {
  sid: string;
  account_sid: string | null;
  policy_sid: string | null;
  status: string;
  valid_until: string | null;
  date_created: string | null;
  date_updated: string | null;
  url: string | null;
  errors: unknown[] | null;
}
