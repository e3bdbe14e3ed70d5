// Bundles the studio's pages and the location map (Leaflet) with esbuild into web/static/build/ (gitignored).
// The bpmnlint configuration (.bpmnlintrc) is packed at build time by a small esbuild plugin
// that calls bpmnlint's own compile step: the rules it names become imports in the bundle,
// so the browser lints with exactly the configured rules and nothing is resolved at run time.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import * as esbuild from 'esbuild';

const require = createRequire(import.meta.url);
const compileConfig = require('bpmnlint/lib/support/compile-config');

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const outdir = path.join(root, 'web', 'static', 'build');

const bpmnlintPlugin = {
  name: 'bpmnlint-config',
  setup(build) {
    build.onResolve({ filter: /\.bpmnlintrc$/ }, (args) => ({
      path: path.resolve(args.resolveDir, args.path),
      namespace: 'bpmnlint-config'
    }));
    build.onLoad({ filter: /.*/, namespace: 'bpmnlint-config' }, async (args) => {
      const config = JSON.parse(fs.readFileSync(args.path, 'utf8'));
      const contents = await compileConfig(config);
      return { contents, loader: 'js', resolveDir: root, watchFiles: [args.path] };
    });
  }
};

await esbuild.build({
  entryPoints: {
    'studio-modeler': path.join(here, 'studio', 'modeler.js'),
    'studio-viewer': path.join(here, 'studio', 'viewer.js'),
    'studio-dmn': path.join(here, 'studio', 'dmn-editor.js'),
    'studio-forms': path.join(here, 'studio', 'form-editor.js'),
    // Leaflet with its CSS and marker images (map.js + map.css + assets/*.png)
    'map': path.join(here, 'map', 'map.js')
  },
  bundle: true,
  format: 'iife',
  target: ['es2020'],
  minify: true,
  sourcemap: true,
  legalComments: 'linked',
  outdir,
  assetNames: 'assets/[name]-[hash]',
  loader: { '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.eot': 'file', '.svg': 'file', '.png': 'file' },
  plugins: [bpmnlintPlugin],
  logLevel: 'warning'
});
console.log('front-end bundles written to ' + path.relative(root, outdir));
