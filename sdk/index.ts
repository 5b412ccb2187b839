export * as wavix from "./wavix";
export type { Inputs, Outputs, LifecycleArgs } from "./internal/profileResource";
