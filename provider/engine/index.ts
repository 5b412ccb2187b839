export * from "./adapter";
export * from "./checkFailures";
export * from "./errors";
export * from "./fields";
export * from "./lifecycle";
export * from "./registry";
export * from "./settings";
export * from "./connect";
