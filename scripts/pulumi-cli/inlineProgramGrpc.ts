import * as grpc from "@grpc/grpc-js";
import * as runtimeSettings from "@pulumi/pulumi/runtime/settings";

/**
 * Inline programs (the Automation API running a program inside this process) open a new gRPC
 * channel to each deployment's resource monitor, and their first calls are eleven concurrent
 * SupportsFeature queries. On a loaded machine one of them could find the fresh channel in
 * TRANSIENT_FAILURE and fail at once ("14 UNAVAILABLE: No connection established. Last error:
 * null"); @pulumi/pulumi's language server takes a gRPC error for the engine shutting down and
 * swallows it, so the program registered nothing and the preview planned to delete every
 * resource (seen in CI, fault matrix). Waiting for the channel to be ready (for at most a minute)
 * is what a program started by the CLI gets from a monitor that is already listening.
 *
 * Only the program's first calls on each channel (SetRootResource failed the same way in CI, on
 * the engine's channel, once the identity matrix grew): later calls go over the connections
 * those made, and a wait there could hold a program whose engine has gone.
 */
const FIRST_CALLS = new Set(["/pulumirpc.ResourceMonitor/SupportsFeature", "/pulumirpc.Engine/SetRootResource", "/pulumirpc.Engine/GetRootResource"]);
const WAIT_MS = 60_000;

const waitForMonitor: grpc.Interceptor = (options, nextCall) => {
  if (!FIRST_CALLS.has(options.method_definition.path)) return new grpc.InterceptingCall(nextCall(options));
  return new grpc.InterceptingCall(nextCall({ ...options, deadline: Date.now() + WAIT_MS }), {
    start(metadata, listener, next) {
      metadata.setOptions({ waitForReady: true });
      next(metadata, listener);
    },
  });
};

/** Installs the wait on the client options @pulumi/pulumi's runtime builds its monitor client with (once per module registry). */
export function waitForMonitorOnFirstCalls(): void {
  const options = (runtimeSettings as unknown as { grpcClientOptions?: { interceptors?: grpc.Interceptor[] } }).grpcClientOptions;
  if (!options?.interceptors) throw new Error("@pulumi/pulumi no longer exposes runtime grpcClientOptions.interceptors: revisit scripts/pulumi-cli/inlineProgramGrpc.ts");
  if (!options.interceptors.includes(waitForMonitor)) options.interceptors.push(waitForMonitor);
}
