// Bundles the explorer (reporting_gateway/api/explorer_app) with the locked GraphiQL, React,
// Chart.js and Monaco into dist/, which the gateway serves at /graphiql/assets/. The styles are
// GraphiQL's own sheet (Monaco's rules and fonts included), so the CSS files Monaco's modules
// import are left out of the script. Monaco's workers are separate files (a worker must come
// from the page's origin); Swagger UI's two files for the REST docs page are copied beside them.

import { copyFile, mkdir, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, "dist");
const modules = join(here, "node_modules");
const common = {
  bundle: true,
  minify: true,
  legalComments: "eof",
  logLevel: "warning",
  nodePaths: [modules],
  define: { "process.env.NODE_ENV": '"production"' },
  target: ["es2022"],
};

// GraphiQL's style.css already holds every rule of the CSS files Monaco's modules import.
const withoutCss = {
  name: "without-css",
  setup(build) {
    build.onResolve({ filter: /\.css$/ }, (args) => ({ path: args.path, namespace: "no-css" }));
    build.onLoad({ filter: /.*/, namespace: "no-css" }, () => ({ contents: "", loader: "js" }));
  },
};

await rm(dist, { recursive: true, force: true });
await mkdir(dist, { recursive: true });
await build({
  ...common,
  entryPoints: { explorer: join(here, "../../reporting_gateway/api/explorer_app/app.js") },
  format: "esm",
  outdir: dist,
  plugins: [withoutCss],
});
await build({
  ...common,
  entryPoints: { explorer: join(modules, "graphiql/dist/style.css") },
  outdir: dist,
});
await build({
  ...common,
  entryPoints: {
    "editor.worker": join(modules, "monaco-editor/esm/vs/editor/editor.worker.js"),
    "json.worker": join(modules, "monaco-editor/esm/vs/language/json/json.worker.js"),
    "graphql.worker": join(modules, "monaco-graphql/esm/graphql.worker.js"),
  },
  format: "iife",
  outdir: dist,
});
await copyFile(join(modules, "swagger-ui-dist/swagger-ui-bundle.js"), join(dist, "swagger-ui.js"));
await copyFile(join(modules, "swagger-ui-dist/swagger-ui.css"), join(dist, "swagger-ui.css"));
