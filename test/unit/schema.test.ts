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
    expect(wavix.inputProperties.company_info).toEqual({ $ref: "#/types/pulumi-profiles:wavix:ProfileCompanyInfo" });
  });

  it("gives each resource type's nested objects types of their own: an EndUser's Attributes are not a document's", () => {
    const schema = packageSchema(listResourceTypes(), "0.0.0") as { resources: Record<string, { inputProperties: Record<string, { $ref?: string }> }>; types: Record<string, { properties: Record<string, unknown> }> };
    const attributesOf = (resource: string) => schema.types[schema.resources[`pulumi-nodejs:dynamic/twilio:${resource}`]!.inputProperties.Attributes!.$ref!.replace("#/types/", "")]!;
    expect(Object.keys(attributesOf("EndUser").properties)).toEqual(expect.arrayContaining(["business_name", "first_name", "job_position"]));
    expect(Object.keys(attributesOf("SupportingDocument").properties)).toEqual(["address_sids"]);
  });
});
