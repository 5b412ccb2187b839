import type * as Undici from "undici";

/**
 * undici's Agent and its request API, without undici's index: the index also loads fetch,
 * WebSocket, EventSource, caches, mocks and more (~110 modules, ~130 ms on a fresh process;
 * bench/RESULTS.md), and every `pulumi` command that sends a request starts a fresh
 * dynamic-provider process. These two modules are what `undici.request(url, { dispatcher })`
 * runs: the index's own wrapper only splits the URL into origin and path and calls the request
 * API with the dispatcher as `this` (undici index.js, makeDispatcher). The bundle build pins this
 * code at build time; if undici moves them, the build fails instead of the provider.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AgentClass = require("undici/lib/dispatcher/agent.js") as typeof Undici.Agent;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const requestApi = require("undici/lib/api/api-request.js") as (this: Undici.Dispatcher, options: Undici.Dispatcher.RequestOptions) => Promise<Undici.Dispatcher.ResponseData>;

export const Agent = AgentClass;

export interface RequestOptions {
  method: Undici.Dispatcher.HttpMethod;
  headers?: Record<string, string>;
  body?: string;
  dispatcher: Undici.Dispatcher;
  signal?: AbortSignal;
}

export function request(url: string, options: RequestOptions): Promise<Undici.Dispatcher.ResponseData> {
  const { origin, pathname, search } = new URL(url);
  const { dispatcher, ...rest } = options;
  return requestApi.call(dispatcher, { ...rest, origin, path: `${pathname}${search}` });
}
