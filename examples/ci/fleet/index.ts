import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { voximplant, wavix } from "pulumi-profiles";
// Not "./shards": Node would load shards.json before a shards.ts.
import { accountsOf } from "./stackAccounts";

/** accounts/<account>.json: the fields of the account's profiles, by API (leave one out: not managed). */
interface AccountProfiles {
  wavix?: wavix.ProfileArgs;
  voximplant?: voximplant.AccountInfoArgs;
}

// Only the accounts this stack holds. `account` picks their credentials from this stack's config
// (`pulumi config set --secret --path 'wavix:accounts.<account>.apiKey' …`), so each stack holds
// the keys of its own accounts and no other's.
for (const account of accountsOf(pulumi.getStack(), __dirname)) {
  const profiles = JSON.parse(readFileSync(join(__dirname, "accounts", `${account}.json`), "utf8")) as AccountProfiles;
  if (profiles.wavix) new wavix.Profile(account, { ...profiles.wavix, account });
  if (profiles.voximplant) new voximplant.AccountInfo(account, { ...profiles.voximplant, account });
}
