export * as wavix from "./wavix";
export * as voximplant from "./voximplant";
export * as twosms from "./twosms";
export type { Inputs, Outputs, LifecycleArgs } from "./internal/profileResource";
