import { runInNewContext } from "node:vm";
import ts from "typescript";

export interface DeclaredResource {
  module: string;
  className: string;
  name: string;
  args: Record<string, unknown>;
}

/** `address.sid` in a generated program: an output of a resource declared earlier. */
export class OutputReference {
  constructor(
    readonly resource: DeclaredResource,
    readonly output: string,
  ) {}
}

/**
 * Runs a generated program with stand-ins for its two imports, and returns the resources it
 * declares with their arguments: what Pulumi would hand the provider. Secrets read with
 * config.requireSecret come from `secrets`; an output of another resource (`address.sid`) is an
 * OutputReference, resolved when the resources are applied.
 */
export function declaredResources(source: string, secrets: Record<string, string> = {}): DeclaredResource[] {
  const declared: DeclaredResource[] = [];
  const sdk = new Proxy({}, {
    get: (_t, module: string) =>
      new Proxy({}, {
        get: (_m, className: string) =>
          class {
            constructor(name: string, args: Record<string, unknown>) {
              const resource = { module, className, name, args };
              declared.push(resource);
              return new Proxy(this, { get: (_r, output: string) => new OutputReference(resource, output) });
            }
          },
      }),
  });
  const pulumi = {
    Config: class {
      requireSecret(key: string) {
        if (!(key in secrets)) throw new Error(`config ${key} is not set`);
        return secrets[key];
      }
      require(key: string) {
        return this.requireSecret(key);
      }
    },
  };
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 }, reportDiagnostics: true });
  if (js.diagnostics?.length) throw new Error(`generated program does not parse: ${ts.flattenDiagnosticMessageText(js.diagnostics[0]!.messageText, "\n")}`);
  const module = { exports: {} };
  runInNewContext(js.outputText, {
    module,
    exports: module.exports,
    require: (name: string) => {
      if (name === "pulumi-profiles") return sdk;
      if (name === "@pulumi/pulumi") return pulumi;
      throw new Error(`generated program requires ${name}`);
    },
  });
  return declared;
}
