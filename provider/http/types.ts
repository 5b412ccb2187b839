export interface HttpRequest {
  method: "GET" | "POST" | "PUT" | "DELETE" | "PATCH";
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /**
   * Whether sending the request twice has the same effect as once. Defaults from the method;
   * a POST that only sets fields (Twilio update, Voximplant SetAccountInfo) declares itself.
   */
  idempotent?: boolean;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** How many attempts it took, retries included. */
  attempts: number;
}

/** One step of the request pipeline. */
export type Send = (request: HttpRequest) => Promise<HttpResponse>;

/** Cross-cutting concerns wrap the next step, as undici's interceptors do. */
export type Middleware = (next: Send) => Send;

export function compose(transport: Send, ...middleware: Middleware[]): Send {
  return middleware.reduceRight<Send>((next, wrap) => wrap(next), transport);
}

export function isIdempotent(request: HttpRequest): boolean {
  return request.idempotent ?? ["GET", "PUT", "DELETE"].includes(request.method);
}
