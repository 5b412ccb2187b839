import type * as pulumi from "@pulumi/pulumi";
import type { VoximplantAccountInfoFields } from "./generated/voximplant";
import { ProfileResource, type Inputs, type LifecycleArgs, type Outputs } from "./internal/profileResource";

export type AccountInfoArgs = Inputs<VoximplantAccountInfoFields> & LifecycleArgs;

/**
 * The Voximplant account profile (`SetAccountInfo`) of the service account in
 * `voximplant:credentials` or `VOXIMPLANT_CREDENTIALS` (credentials.json contents or path).
 * `new_account_password` and `callback_salt` are secrets, encrypted in state and never printed.
 * The password is write-only (compared with what was last applied); the salt is read back by
 * GetAccountInfo, so drift in it shows.
 */
export class AccountInfo extends ProfileResource {
  constructor(name: string, args: AccountInfoArgs, opts?: pulumi.CustomResourceOptions) {
    super("voximplant", "AccountInfo", name, args, opts);
  }
}

export interface AccountInfo extends Outputs<VoximplantAccountInfoFields> {}
