// The CLI's own floor: a dynamic provider that does nothing and answers at once, registered as
// cheaply as a program can (the same economies the SDK uses: a written-out provider module, so no
// closure serializer runs, only the properties the program sets, and no promise stack traces
// while registering). Whatever time a run takes with it is Pulumi's (engine, language host,
// state), not a provider's.
const pulumi = require("@pulumi/pulumi");
const { declareStack } = require("./shape");

// What the dynamic-provider host loads: require-from-string, then handler().
const NOTHING = `exports.handler = () => ({
  create: async (inputs) => ({ id: "floor-" + Math.random().toString(36).slice(2), outs: inputs }),
  read: async (id, props) => ({ id, props }),
  update: async (_id, _olds, news) => ({ outs: news }),
  delete: async () => {},
});
`;

class Nothing extends pulumi.CustomResource {
  constructor(api, name, props) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      super(`pulumi-nodejs:dynamic/floor:${api}`, name, { ...props, __provider: NOTHING });
    } finally {
      Error.stackTraceLimit = limit;
    }
  }
}

declareStack((api, name, args, secretKeys = []) => {
  const props = { ...args };
  for (const key of secretKeys) props[key] = pulumi.secret(props[key]);
  return new Nothing(api, name, props);
});
