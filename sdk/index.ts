export * as wavix from "./wavix";
export * as voximplant from "./voximplant";
export type { Inputs, Outputs, LifecycleArgs } from "./internal/profileResource";
