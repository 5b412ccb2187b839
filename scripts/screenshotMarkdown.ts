import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { marked } from "marked";
import { chromium } from "playwright-core";

/**
 * A PNG of a markdown file as GitHub shows it, for docs that show the drift report rendered
 * (docs/drift-report.png). Run by hand, output committed: CI never needs Chromium.
 *
 *   apt-get install -y chromium              # once; the script drives /usr/bin/chromium
 *   npm run build
 *   node dist/scripts/screenshotMarkdown.js docs/drift-report.md docs/drift-report.png [--width 1280]
 *
 * docs/drift-report.md is a drift report in markdown: from a real stack,
 *   pulumi-profiles drift --stack dev --format markdown > docs/drift-report.md
 * or, until then, from the sample report the renderer tests use:
 *   node -e 'const {renderReport} = require("./dist/cli/drift/render"); const {conflictRich} = require("./dist/test/support/driftReports"); process.stdout.write(renderReport(conflictRich, "markdown"))' > docs/drift-report.md
 *
 * The page is a local file with its own stylesheet and every other request refused, and Chromium
 * runs with a fresh profile and its background services off: the network here is closed, and a
 * screenshot must not depend on what a CDN served that day.
 */

const CHROMIUM = "/usr/bin/chromium";

/** Close to GitHub's own rendering of a comment: its font stacks, spacing, table and code colours. */
const STYLESHEET = `
  body { margin: 0; background: #ffffff; }
  .markdown-body {
    box-sizing: border-box; padding: 24px 32px; width: max-content; max-width: var(--width);
    color: #1f2328; font: 14px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif;
  }
  .markdown-body > :first-child { margin-top: 0; }
  .markdown-body > :last-child { margin-bottom: 0; }
  h1, h2, h3 { margin: 24px 0 16px; font-weight: 600; line-height: 1.25; }
  h1, h2 { padding-bottom: .3em; border-bottom: 1px solid #d1d9e0; }
  h3 { font-size: 1.25em; }
  p, ul, table { margin: 0 0 16px; }
  ul { padding-left: 2em; }
  li + li { margin-top: .25em; }
  code {
    padding: .2em .4em; border-radius: 6px; background: rgba(129, 139, 152, .12);
    font: 85% ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace;
    white-space: break-spaces;
  }
  table { border-collapse: collapse; border-spacing: 0; }
  th, td { padding: 6px 13px; border: 1px solid #d1d9e0; vertical-align: top; }
  th { font-weight: 600; text-align: left; }
  tr { background: #ffffff; border-top: 1px solid #d1d9e0; }
  tbody tr:nth-child(2n) { background: #f6f8fa; }
`;

function page(bodyHtml: string, width: number): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><style>:root { --width: ${width}px; }${STYLESHEET}</style></head>
<body><article class="markdown-body">${bodyHtml}</article></body></html>
`;
}

function parseArgs(argv: string[]): { input: string; output: string; width: number } {
  const widthAt = argv.indexOf("--width");
  const width = widthAt >= 0 ? Number(argv[widthAt + 1]) : 1280;
  const [input, output] = argv.filter((_a, i) => widthAt < 0 || (i !== widthAt && i !== widthAt + 1));
  if (!input || !output || !Number.isInteger(width) || width < 320) {
    throw new Error("usage: node dist/scripts/screenshotMarkdown.js <in.md> <out.png> [--width 1280]");
  }
  return { input: resolve(input), output: resolve(output), width };
}

async function screenshot(input: string, output: string, width: number): Promise<void> {
  const html = marked.parse(readFileSync(input, "utf8"), { gfm: true, async: false });
  const work = mkdtempSync(join(tmpdir(), "screenshot-markdown-"));
  try {
    const file = join(work, "page.html");
    writeFileSync(file, page(html, width));
    const context = await chromium.launchPersistentContext(join(work, "profile"), {
      executablePath: CHROMIUM,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
      viewport: { width, height: 800 },
      deviceScaleFactor: 2,
    });
    try {
      const tab = await context.newPage();
      const url = pathToFileURL(file).href;
      await tab.route("**/*", (route) => (route.request().url() === url ? route.continue() : route.abort()));
      await tab.goto(url);
      await tab.locator("article").screenshot({ path: output });
    } finally {
      await context.close();
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const { input, output, width } = parseArgs(process.argv.slice(2));
screenshot(input, output, width).then(
  () => process.stdout.write(`${output} written\n`),
  (err: Error) => {
    process.stderr.write(`${err.message}\n`);
    process.exitCode = 1;
  },
);
