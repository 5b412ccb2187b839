// The CLI's own floor: a dynamic provider that does nothing and answers at once. Whatever time
// a run takes with it is Pulumi's (engine, language host, state), not a provider's.
const pulumi = require("@pulumi/pulumi");
const { declareStack } = require("./shape");

const nothing = {
  async create(inputs) {
    return { id: `floor-${inputs.FriendlyName ?? inputs.Name ?? inputs.first_name ?? inputs.account_first_name}`, outs: inputs };
  },
  async read(id, props) {
    return { id, props };
  },
  async update(_id, _olds, news) {
    return { outs: news };
  },
  async delete() {},
};

declareStack((api, name, args, secretKeys = []) => {
  const props = { ...args };
  for (const key of secretKeys) props[key] = pulumi.secret(props[key]);
  return new pulumi.dynamic.Resource(nothing, name, props, undefined, "floor", api);
});
