// Builds the web editor at /admin/ from Sveltia CMS's npm package (issue 13), run by `make cms` in .tools/.
// The package's `npm/` build keeps its locales and fonts inside the package (the `dist/` one fetches them from
// CDNs), so it is bundled here with esbuild into .tools/cms/, which the site build copies into site/admin/.
// One thing of @sveltia/ui still names a CDN: the @font-face rules of its stylesheet; they are pointed at the
// same fonts the package ships in npm/assets/, so the editor requests nothing from another host.
import { build } from "esbuild";
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const out = "cms";
const assets = "node_modules/@sveltia/cms/npm/assets";
rmSync(out, { recursive: true, force: true });
mkdirSync(out);
writeFileSync("cms-entry.js", "import CMS from '@sveltia/cms';\nCMS.init();\n");
await build({
  entryPoints: { "sveltia-cms": "cms-entry.js" },
  bundle: true,
  splitting: true,
  format: "esm",
  minify: true,
  outdir: out,
  logLevel: "warning",
});
cpSync(assets, join(out, "assets"), { recursive: true });
cpSync("node_modules/@sveltia/cms/LICENSE.txt", join(out, "LICENSE.txt"));
const shipped = readdirSync(assets);
const cdn = /https:\/\/cdn\.jsdelivr\.net\/fontsource\/fonts\/([a-z0-9-]+)(?::vf)?@[0-9.]+\/([a-z0-9-]+)\.woff2/g;
for (const name of readdirSync(out).filter((n) => n.endsWith(".js"))) {
  const path = join(out, name);
  const text = readFileSync(path, "utf8");
  const local = text.replace(cdn, (url, family, subset) => {
    const file = shipped.find((f) => f.startsWith(`${family}-${subset}-`) && f.endsWith(".woff2"));
    if (!file) throw new Error(`no local font for ${url}`);
    return `assets/${file}`;
  });
  if (local !== text) writeFileSync(path, local);
}
