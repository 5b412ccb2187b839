import type * as pulumi from "@pulumi/pulumi";
import type { WavixProfileFields } from "./generated/wavix";
import { ProfileResource, type Inputs, type LifecycleArgs, type Outputs } from "./internal/profileResource";

export type ProfileArgs = Inputs<WavixProfileFields> & LifecycleArgs;

/**
 * The Wavix account profile (`PUT /v1/profile`) behind the API key in `wavix:apiKey` or
 * `WAVIX_API_KEY`. Only the fields you set are managed. Every field is read back (`contacts` as
 * `contact_email`, the relay URLs from `default_destinations`), so drift in any of them shows.
 */
export class Profile extends ProfileResource {
  constructor(name: string, args: ProfileArgs, opts?: pulumi.CustomResourceOptions) {
    super("wavix", "Profile", name, args, opts);
  }
}

// The class exposes each profile field as an output, typed from the same zod schema.
export interface Profile extends Outputs<WavixProfileFields> {}
