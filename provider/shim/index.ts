import type * as pulumi from "@pulumi/pulumi";

type Engine = typeof import("../index");

/**
 * The provider object Pulumi serializes into state as `__provider`. It must stay tiny and hold
 * no secret, so it captures only the API name and loads the engine at run time from the
 * program's own node_modules: upgrading the package upgrades the provider of existing stacks
 * (state keeps no copy of the engine). Nothing here may reference a module-level value: the
 * closure serializer would copy it into state.
 */
export function shimProvider(api: string): pulumi.dynamic.ResourceProvider {
  const engine = (): Engine => {
    try {
      return require("pulumi-profiles/provider");
    } catch (err) {
      if ((err as { code?: string }).code !== "MODULE_NOT_FOUND") throw err;
      throw new Error(`pulumi-profiles is not installed where this Pulumi program runs (${process.cwd()}): run \`npm install pulumi-profiles\` there`);
    }
  };
  return {
    configure: async (req) => engine().configureFrom(api, req.config),
    check: (olds, news) => engine().lifecycleFor(api).check(olds, news),
    diff: (id, olds, news) => engine().lifecycleFor(api).diff(id, olds, news),
    create: (inputs) => engine().lifecycleFor(api).create(inputs),
    read: (id, props) => engine().lifecycleFor(api).read(id, props ?? {}),
    update: (id, olds, news) => engine().lifecycleFor(api).update(id, olds, news),
    delete: (id, props) => engine().lifecycleFor(api).delete(id, props),
  };
}
