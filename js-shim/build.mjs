// Bundles the recorder and its worker into ../dist (see the Makefile's shim
// target, which builds the WASM engine first). The worker is bundled first:
// veil.js carries the SHA-256 of veil-worker.js, wasm_exec.js and veil.wasm
// (assets.js checks every one before it runs), so it is built last, and its
// own Subresource Integrity hash goes to dist/veil.sri.json for pages that
// pin what they load. VEIL_DIST names another output folder and VEIL_SRC
// another source folder (a private build for benchmarks while dist/ is in
// use).
import * as esbuild from 'esbuild';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const distDir = process.env.VEIL_DIST ? process.env.VEIL_DIST.replace(/\/?$/, '/') : here('../dist/');
const dist = (name) => distDir + name;
const common = { bundle: true, minify: true, format: 'iife', target: ['es2020'], legalComments: 'none', logLevel: 'warning' };

function digest(algorithm, file) {
  let bytes;
  try {
    bytes = readFileSync(dist(file));
  } catch (err) {
    throw new Error('build: dist/' + file + ' is missing (run make wasm first): ' + err.message);
  }
  return algorithm + '-' + createHash(algorithm).update(bytes).digest('base64');
}

const src = (name) => (process.env.VEIL_SRC ? process.env.VEIL_SRC.replace(/\/?$/, '/') : here('./src/')) + name;

await esbuild.build({ ...common, entryPoints: [src('worker.js')], outfile: dist('veil-worker.js') });

const pins = {
  worker: digest('sha256', 'veil-worker.js'),
  wasmExec: digest('sha256', 'wasm_exec.js'),
  wasm: digest('sha256', 'veil.wasm'),
};
// The version names this set of files: assets.js asks for ?v=VERSION, so a
// cache never pairs this veil.js with another build's engine.
const version = createHash('sha256').update(pins.worker + pins.wasmExec + pins.wasm).digest('hex').slice(0, 12);

await esbuild.build({
  ...common,
  entryPoints: [src('veil.js')],
  outfile: dist('veil.js'),
  define: {
    __VEIL_PIN_WORKER__: JSON.stringify(pins.worker),
    __VEIL_PIN_WASM_EXEC__: JSON.stringify(pins.wasmExec),
    __VEIL_PIN_WASM__: JSON.stringify(pins.wasm),
    __VEIL_VERSION__: JSON.stringify(version),
  },
});

const sri = { version, 'veil.js': digest('sha384', 'veil.js'), pins };
writeFileSync(dist('veil.sri.json'), JSON.stringify(sri, null, 2) + '\n');
