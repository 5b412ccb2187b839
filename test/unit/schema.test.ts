import { readFileSync } from "node:fs";
import { join } from "node:path";
import { listResourceTypes } from "../../provider/engine/registry";
import { packageSchema } from "../../provider/engine/packageSchema";

const root = join(__dirname, "../..");

describe("schema.json", () => {
  it("matches what `npm run gen:schema` generates from the zod schemas (run it after changing a schema)", () => {
    const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
    const committed = JSON.parse(readFileSync(join(root, "schema.json"), "utf8"));
    expect(committed).toEqual(packageSchema(listResourceTypes(), version));
  });

  it("documents every API folder as a resource with its fields", () => {
    const schema = packageSchema(listResourceTypes(), "0.0.0") as { resources: Record<string, { inputProperties: Record<string, unknown> }> };
    const wavix = schema.resources["pulumi-nodejs:dynamic/wavix:Profile"]!;
    expect(Object.keys(wavix.inputProperties)).toEqual(expect.arrayContaining(["time_zone", "company_info", "sms_relay_url", "restoreOnDelete"]));
    expect(wavix.inputProperties.company_info).toEqual({ $ref: "#/types/pulumi-profiles:wavix:CompanyInfo" });
  });
});
