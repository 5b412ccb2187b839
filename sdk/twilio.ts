import type * as pulumi from "@pulumi/pulumi";
import type { CustomerProfileOutputs } from "../provider/apis/twilio";
import type { TwilioCustomerProfileFields, TwilioCustomerProfileLocator, TwilioCustomerProfileOutputs } from "./generated/twilio";
import { ProfileResource, type ApiOutputs, type Inputs, type LifecycleArgs, type Outputs } from "./internal/profileResource";

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

export interface CustomerProfile extends Outputs<TwilioCustomerProfileFields>, ApiOutputs<TwilioCustomerProfileOutputs> {}

import type { AuthorizedRepresentativeAttributes, BusinessInformationAttributes, CustomerProfileAddressAttributes } from "../provider/apis/twilio/bundleSchemas";
import type { TwilioEndUserFields, TwilioEndUserLocator, TwilioEndUserOutputs } from "./generated/twilio-end-user";
import type { TwilioSupportingDocumentFields, TwilioSupportingDocumentLocator, TwilioSupportingDocumentOutputs } from "./generated/twilio-supporting-document";
import type { TwilioAddressFields, TwilioAddressLocator, TwilioAddressOutputs } from "./generated/twilio-address";

/** What every object of a bundle takes beside its fields: adopted by `sid`, or created and deleted with the stack. */
type BundleObjectArgs<Locator> = Inputs<Locator> &
  LifecycleArgs & {
    /** Delete it on destroy even though it was adopted by `sid` (created ones are always deleted). */
    deleteOnDestroy?: pulumi.Input<boolean>;
  };

/**
 * An EndUser's arguments: `Type` picks which attributes it takes, so a program that sets
 * `Type: "authorized_representative_1"` is offered (and held to) a representative's attributes.
 */
export type EndUserArgs = BundleObjectArgs<TwilioEndUserLocator> &
  Inputs<Pick<TwilioEndUserFields, "FriendlyName">> &
  (
    | { Type?: pulumi.Input<"customer_profile_business_information">; Attributes?: Inputs<BusinessInformationAttributes> }
    | { Type?: pulumi.Input<"authorized_representative_1" | "authorized_representative_2">; Attributes?: Inputs<AuthorizedRepresentativeAttributes> }
  );

const BUNDLE_OUTPUTS = ["sid", "account_sid", "status", "date_created", "date_updated", "url", "deleteOnDestroy"];

/**
 * A TrustHub EndUser: a business's information or an authorized representative, which a
 * CustomerProfile holds through `EntityAssignments: [endUser.sid, …]`. Without `sid` it is
 * created and deleted on destroy; with `sid` an existing one is adopted.
 */
export class EndUser extends ProfileResource {
  constructor(name: string, args: EndUserArgs, opts?: pulumi.CustomResourceOptions) {
    super("twilio/EndUser", "EndUser", name, args, opts, BUNDLE_OUTPUTS, ["sid"]);
  }
}
export interface EndUser extends Outputs<TwilioEndUserFields>, ApiOutputs<TwilioEndUserOutputs> {}

export type SupportingDocumentArgs = BundleObjectArgs<TwilioSupportingDocumentLocator> &
  Inputs<Pick<TwilioSupportingDocumentFields, "FriendlyName">> & { Type?: pulumi.Input<"customer_profile_address">; Attributes?: Inputs<CustomerProfileAddressAttributes> };

/** A TrustHub SupportingDocument: the business address, `Attributes: { address_sids: address.sid }`. */
export class SupportingDocument extends ProfileResource {
  constructor(name: string, args: SupportingDocumentArgs, opts?: pulumi.CustomResourceOptions) {
    super("twilio/SupportingDocument", "SupportingDocument", name, args, opts, BUNDLE_OUTPUTS, ["sid"]);
  }
}
export interface SupportingDocument extends Outputs<TwilioSupportingDocumentFields>, ApiOutputs<TwilioSupportingDocumentOutputs> {}

export type AddressArgs = BundleObjectArgs<TwilioAddressLocator> & Inputs<TwilioAddressFields>;

/** A Twilio Address (the 2010 API), which a `customer_profile_address` document points at. */
export class Address extends ProfileResource {
  constructor(name: string, args: AddressArgs, opts?: pulumi.CustomResourceOptions) {
    super("twilio/Address", "Address", name, args, opts, ["sid", "account_sid", "validated", "verified", "date_created", "date_updated", "deleteOnDestroy"], ["sid"]);
  }
}
export interface Address extends Outputs<TwilioAddressFields>, ApiOutputs<TwilioAddressOutputs> {}
