// Builds the web editor at /admin/ from Sveltia CMS's npm package (issue 13), run by `make cms`:
//   node scripts/build-cms.mjs <tools folder with node_modules> <output folder>
// (`make cms`: `node scripts/build-cms.mjs .tools .tools/cms`). The package's `npm/` build keeps its locales and fonts
// inside the package (the `dist/` one fetches them from CDNs), so it is bundled here with esbuild, and every build of a
// site copies the output folder into site/admin/.
//
// What the bundle leaves out (issue 21: the whole package made 18 MB of every site, 5 MB is left). Each left-out
// module becomes one small module that throws when it is imported; Sveltia imports each of them lazily, only for a
// feature our configuration (generator/render/cms.py) never turns on, and catches the failure where it can happen:
// - code highlighting (Shiki: its engine, 230 grammars, 2 themes; 8 MB): only a code block in a Markdown body would
//   load it; without the engine Sveltia shows the code as plain text (its loader catches the failed import);
// - the interface in 28 languages besides Russian (3 MB): /admin/innopub-admin.js opens the editor in Russian, and
//   English, built into the main file, stays; another language chosen in the settings says in Russian that it
//   could not be loaded;
// - the map widget (Leaflet, Terra Draw), SVG optimization (SVGO: SVG is not an attachment type), custom widgets and
//   previews (React DOM, Immutable.js: nothing registers one), and the source maps of the package's assets.
// HEIC decoding and the WebP encoder stay: Sveltia uses them for images an editor uploads (Safari has no WebP encoder).
//
// Russian strings: the package's ru.json lacks about a hundred messages the English one has (folders in the media
// library, save conflicts, …); scripts/cms-ru.json supplies them in Russian and is merged over ru.json.
// One thing of @sveltia/ui still names a CDN: the @font-face rules of its stylesheet; they are pointed at the
// same fonts the package ships in npm/assets/, so the editor requests nothing from another host.
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const [tools, target] = process.argv.slice(2);
if (!tools || !target) throw new Error("usage: node scripts/build-cms.mjs <tools folder> <output folder>");
const modules = resolve(tools, "node_modules");
const { build } = createRequire(join(modules, "noop.js"))("esbuild");
const out = resolve(target);
const pkg = join(modules, "@sveltia/cms");
const assets = join(pkg, "npm/assets");

const OMITTED = [
  /^@shikijs\/(langs|themes)\//, // grammars and themes, loaded only by the engine below
  /^\.\/chunks\/shiki-engine-[\w-]+\.js$/,
  /^\.\.\/locales\/(?!ru\.json$)[\w-]+\.json$/,
  /^leaflet\//,
  /^terra-draw(-leaflet-adapter)?$/,
  /^svgo\//,
  /^immutable$/,
  /^\.\/chunks\/react-dom-[\w-]+\.js$/,
];
const RUSSIAN = "../locales/ru.json";
const fromSveltia = (args) => args.importer.startsWith(join(pkg, "npm") + "/");

function merged(base, extra, path = "") {
  const result = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    if (typeof value === "object") result[key] = merged(base[key] ?? {}, value, `${path}${key}.`);
    else if (typeof value === "string") result[key] = value;
    else throw new Error(`cms-ru.json: ${path}${key} is not a string`);
  }
  return result;
}

const trim = {
  name: "innopub-trim",
  setup(b) {
    const seen = new Set();
    b.onResolve({ filter: /.*/ }, (args) => {
      if (!fromSveltia(args)) return undefined;
      if (args.path === RUSSIAN) return { path: "ru.json", namespace: "innopub-ru" };
      const rule = OMITTED.find((r) => r.test(args.path));
      if (!rule) return undefined;
      seen.add(String(rule));
      return { path: "omitted", namespace: "innopub-omitted" };
    });
    b.onLoad({ filter: /.*/, namespace: "innopub-omitted" }, () => ({
      contents: 'throw new Error("innopub: this part of Sveltia CMS is not in the bundle (scripts/build-cms.mjs)");',
      loader: "js",
    }));
    b.onLoad({ filter: /.*/, namespace: "innopub-ru" }, () => {
      const ru = JSON.parse(readFileSync(join(pkg, "locales/ru.json"), "utf8"));
      const extra = JSON.parse(readFileSync(new URL("cms-ru.json", import.meta.url), "utf8"));
      return { contents: JSON.stringify(merged(ru, extra)), loader: "json" };
    });
    b.onEnd(() => {
      const unused = OMITTED.filter((r) => !seen.has(String(r)));
      if (unused.length) throw new Error(`Sveltia no longer imports ${unused.join(", ")}: revisit scripts/build-cms.mjs`);
    });
  },
};

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const entry = join(tmpdir(), `innopub-cms-entry-${process.pid}.js`);
writeFileSync(entry, "import CMS from '@sveltia/cms';\nCMS.init();\n");
await build({
  entryPoints: { "sveltia-cms": entry },
  nodePaths: [modules],
  bundle: true,
  splitting: true,
  format: "esm",
  minify: true,
  charset: "utf8", // Russian strings as they are, not as \u escapes (a module script is always read as UTF-8)
  outdir: out,
  plugins: [trim],
  logLevel: "warning",
}).finally(() => rmSync(entry, { force: true }));
cpSync(assets, join(out, "assets"), { recursive: true, filter: (path) => !path.endsWith(".map") });
cpSync(join(pkg, "LICENSE.txt"), join(out, "LICENSE.txt"));
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
