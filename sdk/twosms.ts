import { readFileSync } from "node:fs";
import type * as pulumi from "@pulumi/pulumi";
import type { TwosmsAccountFields, TwosmsAccountLocator } from "./generated/twosms";
import { ProfileResource, type Inputs, type LifecycleArgs, type Outputs } from "./internal/profileResource";

export type AccountArgs = Inputs<TwosmsAccountFields> & Inputs<TwosmsAccountLocator> & LifecycleArgs;

/**
 * A 2sms (SMS+) account (`PUT api/v2/admin/accounts/{id}`), the API client's own account unless
 * `accountId` names another. Credentials: `twosms:clientId` and `twosms:clientSecret` (secret),
 * or TWOSMS_CLIENT_ID / TWOSMS_CLIENT_SECRET. `SMSPassword` is required (2sms demands it on every
 * update) and secret; 2sms returns it on GET, so a matching one adopts with no write and a
 * changed one shows as drift.
 */
export class Account extends ProfileResource {
  constructor(name: string, args: AccountArgs, opts?: pulumi.CustomResourceOptions) {
    super("twosms", "Account", name, args, opts, ["accountId"], ["accountId"]);
  }
}

export interface Account extends Outputs<TwosmsAccountFields>, Outputs<TwosmsAccountLocator> {}

/** Reads an image file as the base64 string the `Logo` field takes. */
export function logoFromFile(path: string): string {
  return readFileSync(path).toString("base64");
}
