// `npm run build`, after tsc: the provider as Pulumi's dynamic-provider process loads it
// (`require("pulumi-profiles/provider")`), in ONE file. Loading dist/provider/ file by file took
// ~150 ms before the first check (95 files of zod alone, all its locales); bundled, only the
// code in use is there (zod/mini tree-shakes to what the schemas call). bench/ measures it.
import { build } from "esbuild";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const apisDir = join(root, "provider/apis");
// Every API folder, found at build time: a fifth API is still one new folder.
const apis = readdirSync(apisDir).filter((name) => statSync(join(apisDir, name)).isDirectory()).sort();

/** registry.ts requires `../apis/${name}` by name at run time; a bundle needs the names spelled out. */
const apiRegistry = {
  name: "api-registry",
  setup(b) {
    b.onLoad({ filter: /provider[\/\\]engine[\/\\]registry\.ts$/ }, (args) => {
      const source = readFileSync(args.path, "utf8");
      const dynamic = "require(`../apis/${name}`)";
      if (!source.includes(dynamic)) throw new Error(`registry.ts no longer contains ${dynamic}: update scripts/bundleProvider.mjs`);
      const table = `({ ${apis.map((api) => `${api}: () => require("../apis/${api}")`).join(", ")} } as Record<string, (() => unknown) | undefined>)`;
      return { contents: source.replace(dynamic, `(${table}[name] ?? (() => { throw new Error(\`no API folder named \${name}\`); }))()`), loader: "ts" };
    });
  },
};

/**
 * Modules only a request needs (or, for windows-iana, only a 2sms TimeZone check): each goes into
 * a bundle of its own under dist/provider/vendor/, required from the main bundle on first use, so
 * the check and diff of a no-op `up` never even parse them (together ~700 KB of the ~1.1 MB).
 */
const lazyVendors = {
  "./undiciCore": { name: "undiciCore", entry: join(root, "provider/http/undiciCore.ts") },
  "fast-xml-parser": { name: "fast-xml-parser", entry: "fast-xml-parser" },
  // Its index picks a development or a minified production build by NODE_ENV; the data is the same.
  "windows-iana": { name: "windows-iana", entry: "windows-iana", define: { "process.env.NODE_ENV": '"production"' } },
};

const vendorsApart = {
  name: "vendors-apart",
  setup(b) {
    const filter = new RegExp(`^(${Object.keys(lazyVendors).map((k) => k.replace(/[./-]/g, "\\$&")).join("|")})$`);
    b.onResolve({ filter }, (args) => ({ path: `./vendor/${lazyVendors[args.path].name}.js`, external: true }));
  },
};

const common = { bundle: true, platform: "node", target: "node20", format: "cjs", logLevel: "warning", legalComments: "eof" };

await build({
  ...common,
  entryPoints: [join(root, "provider/index.ts")],
  outfile: join(root, "dist/provider/bundle.js"),
  plugins: [apiRegistry, vendorsApart],
});

for (const { name, entry, define } of Object.values(lazyVendors)) {
  await build({
    ...common,
    define,
    ...(entry.startsWith("/") ? { entryPoints: [entry] } : { stdin: { contents: `module.exports = require(${JSON.stringify(entry)});`, resolveDir: root, loader: "js" } }),
    outfile: join(root, `dist/provider/vendor/${name}.js`),
  });
}
