import { readFileSync } from "node:fs";
import type * as pulumi from "@pulumi/pulumi";
import type { TwoSmsAccount, TwoSmsLocator } from "../provider/apis/twosms";
import { ProfileResource, type Inputs, type LifecycleArgs, type Outputs } from "./internal/profileResource";

export type AccountArgs = Inputs<TwoSmsAccount> & Inputs<TwoSmsLocator> & LifecycleArgs;

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

export interface Account extends Outputs<TwoSmsAccount> {
  readonly accountId: pulumi.Output<string | undefined>;
}

/** Reads an image file as the base64 string the `Logo` field takes. */
export function logoFromFile(path: string): string {
  return readFileSync(path).toString("base64");
}
