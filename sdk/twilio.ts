import type * as pulumi from "@pulumi/pulumi";
import type { CustomerProfileOutputs } from "../provider/apis/twilio";
import type { TwilioCustomerProfileFields, TwilioCustomerProfileLocator, TwilioCustomerProfileOutputs } from "./generated/twilio";
import { ProfileResource, type Inputs, type LifecycleArgs, type Outputs } from "./internal/profileResource";

export type CustomerProfileArgs = Inputs<TwilioCustomerProfileFields> & Inputs<TwilioCustomerProfileLocator> & LifecycleArgs & {
  /** Delete the profile on destroy even though it was adopted by `sid` (created ones are always deleted). */
  deleteOnDestroy?: pulumi.Input<boolean>;
};

const OUTPUTS: ReadonlyArray<keyof CustomerProfileOutputs> = ["sid", "account_sid", "policy_sid", "status", "valid_until", "date_created", "date_updated", "url", "errors"];

/**
 * A Twilio TrustHub Customer-Profile. Without `sid` it is created (FriendlyName, Email and
 * PolicySid required) and deleted on destroy; with `sid` an existing one is adopted and left
 * alone on destroy unless `deleteOnDestroy`. `Status` may be `draft` or `pending-review`
 * (submit for review); Twilio's own statuses are in the `status` output.
 */
export class CustomerProfile extends ProfileResource {
  constructor(name: string, args: CustomerProfileArgs, opts?: pulumi.CustomResourceOptions) {
    super("twilio", "CustomerProfile", name, args, opts, [...OUTPUTS, "deleteOnDestroy"], ["sid"]);
  }
}

export interface CustomerProfile extends Outputs<TwilioCustomerProfileFields>, Outputs<TwilioCustomerProfileOutputs> {}
