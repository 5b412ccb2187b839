import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as ts from "typescript";
import { generatedDocs } from "../../scripts/docs";
import { listAdapters } from "../../provider/engine/registry";

const root = join(__dirname, "../..");

describe("generated docs", () => {
  const generated = generatedDocs(root);

  it.each([...generated.keys()])("%s matches what `npm run gen:docs` generates (run it after changing a schema, a field rule or an example)", (path) => {
    expect(readFileSync(join(root, path), "utf8")).toBe(generated.get(path));
  });

  it("has a reference page for every API folder, listed in docs/index.md", () => {
    const index = readFileSync(join(root, "docs/index.md"), "utf8");
    for (const adapter of listAdapters()) {
      expect(generated.has(`docs/reference/${adapter.name}.md`)).toBe(true);
      expect(index).toContain(`(reference/${adapter.name}.md)`);
    }
  });

  it("puts each field's rule, as check words it, and its vendor source on the reference page", () => {
    const twilio = generated.get("docs/reference/twilio.md")!;
    const row = twilio.split("\n").find((line) => line.startsWith("| `PolicySid` |"))!;
    expect(row).toContain("a policy Sid: RN followed by 32 hex digits");
    expect(row).toContain("required to create a Customer-Profile");
    expect(row).toContain("only at creation");
    expect(row).toContain("read from `policy_sid`");
    expect(row).toContain("[twilio.com/docs/trusthub/api/customer-profile](https://twilio.com/docs/trusthub/api/customer-profile)");
    const password = generated.get("docs/reference/voximplant.md")!.split("\n").find((line) => line.startsWith("| `new_account_password` |"))!;
    expect(password).toContain("secret: encrypted in state");
    expect(password).toContain("write-only");
    expect(password).toContain("at least 8 characters");
  });
});

describe("the SDK's argument types", () => {
  it("show each field's description and rule when an editor hovers over it", () => {
    const file = join(root, "test/unit/hover-program.ts");
    const text = `import { twosms } from "../../sdk";\nnew twosms.Account("a", { SMSPassword: "x", TimeZone: "UTC" });\n`;
    const options = { strict: true, module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, skipLibCheck: true, types: ["node"] };
    const service = ts.createLanguageService({
      getScriptFileNames: () => [file],
      getScriptVersion: () => "1",
      getScriptSnapshot: (f) => (f === file ? ts.ScriptSnapshot.fromString(text) : ts.sys.fileExists(f) ? ts.ScriptSnapshot.fromString(ts.sys.readFile(f)!) : undefined),
      getCurrentDirectory: () => root,
      getCompilationSettings: () => options,
      getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
      fileExists: ts.sys.fileExists,
      readFile: ts.sys.readFile,
      readDirectory: ts.sys.readDirectory,
    });
    const hover = (word: string) => ts.displayPartsToString(service.getQuickInfoAtPosition(file, text.indexOf(word) + 1)?.documentation);
    expect(hover("SMSPassword")).toContain("Secret: encrypted in state, never printed.");
    expect(hover("SMSPassword")).toContain("Written on every write (the API requires it).");
    expect(hover("TimeZone")).toContain("Check: a Windows time zone id such as GMT Standard Time");
  }, 60_000);
});
