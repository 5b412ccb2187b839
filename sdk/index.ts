export * as wavix from "./wavix";
export * as voximplant from "./voximplant";
export * as twosms from "./twosms";
export * as twilio from "./twilio";
export type { Inputs, Outputs, LifecycleArgs } from "./internal/profileResource";
