import { z } from "zod";
import { email, httpUrl, text } from "../../validation";

export const CUSTOMER_PROFILE_SID = /^BU[0-9a-fA-F]{32}$/;
export const POLICY_SID = /^RN[0-9a-fA-F]{32}$/;

/** Statuses Twilio sets itself; a program may only ask for `draft` or `pending-review` (submit for review). */
export const TWILIO_OWNED_STATUSES = ["in-review", "twilio-rejected", "twilio-approved"] as const;

/** The create and update parameters, named as the form parameters name them. */
export const profileSchema = z
  .object({
    FriendlyName: text(64).min(1, { message: "expected a non-empty name" }).optional().describe("Name of the Customer-Profile."),
    Email: email().optional().describe("Email that receives updates when the profile's status changes."),
    PolicySid: z.string().regex(POLICY_SID, { message: "expected a policy Sid: RN followed by 32 hex digits" }).optional().describe("Policy the profile is evaluated against (set at creation)."),
    StatusCallback: httpUrl().optional().describe("URL Twilio calls on status changes."),
    Status: z
      .string()
      .refine((s) => s === "draft" || s === "pending-review", {
        message: `expected draft or pending-review (submit for review); ${TWILIO_OWNED_STATUSES.join(", ")} are set by Twilio and can only be read (see the status output)`,
      })
      .optional()
      .describe("draft, or pending-review to submit the profile for review."),
  })
  .strict();

export const locatorSchema = z.object({
  /** An existing Customer-Profile to adopt instead of creating one. */
  sid: z.string().regex(CUSTOMER_PROFILE_SID, { message: "expected a Customer-Profile Sid: BU followed by 32 hex digits" }).optional().describe("An existing Customer-Profile to adopt instead of creating one."),
});

export type TwilioCustomerProfile = z.infer<typeof profileSchema>;
export type TwilioLocator = z.infer<typeof locatorSchema>;

/** trusthub.v1.customer_profile as create, fetch and update answer it. */
export const customerProfileSchema = z
  .object({
    sid: z.string(),
    account_sid: z.string().nullish(),
    policy_sid: z.string().nullish(),
    friendly_name: z.string().nullish(),
    status: z.string(),
    valid_until: z.string().nullish(),
    email: z.string().nullish(),
    status_callback: z.string().nullish(),
    date_created: z.string().nullish(),
    date_updated: z.string().nullish(),
    url: z.string().nullish(),
    links: z.record(z.string(), z.string()).nullish(),
    errors: z.array(z.unknown()).nullish(),
  })
  .loose();

export type CustomerProfile = z.infer<typeof customerProfileSchema>;

/** One page of a list; `meta.next_page_url` is null on the last page. */
export const listSchema = z.object({ results: z.array(customerProfileSchema), meta: z.object({ next_page_url: z.string().nullish() }).loose().nullish() }).loose();

/** Twilio's REST error body. */
export const errorSchema = z
  .object({ code: z.number().optional(), message: z.string().optional(), more_info: z.string().optional(), status: z.number().optional() })
  .loose();

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
