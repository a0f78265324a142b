// Builds the npm package @veil-replay/recorder into ./pkg (see the Makefile's
// npm-pack target, which then runs `npm pack`):
//   pkg/index.js      ESM entry (src/npm.js bundled with the recorder)
//   pkg/index.d.ts    its types (npm.d.ts), pkg/veil.d.ts the shared ones
//   pkg/assets/       veil-worker.js, wasm_exec.js, veil.wasm: the very files
//                     `make build` wrote to ../dist, whose hashes the entry pins
//   pkg/LICENSE
// The assets are copied, not rebuilt, so the script tag and the package run
// byte-identical engines; their SHA-256 are built into index.js the way
// build.mjs builds them into veil.js (src/assets.js checks them).
import * as esbuild from 'esbuild';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, rm, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const out = here('./pkg/');
const ASSETS = ['veil-worker.js', 'wasm_exec.js', 'veil.wasm'];

for (const f of ASSETS) {
  try {
    await stat(here('../dist/' + f));
  } catch {
    console.error('build-npm: ../dist/' + f + ' is missing: run make build first');
    process.exit(1);
  }
}

await rm(out, { recursive: true, force: true });
await mkdir(out + 'assets', { recursive: true });
await Promise.all(ASSETS.map((f) => copyFile(here('../dist/' + f), out + 'assets/' + f)));
await Promise.all([
  copyFile(here('./npm.d.ts'), out + 'index.d.ts'),
  copyFile(here('./veil.d.ts'), out + 'veil.d.ts'),
  copyFile(here('../LICENSE'), out + 'LICENSE'),
]);
const sha256 = async (f) => 'sha256-' + createHash('sha256').update(await readFile(out + 'assets/' + f)).digest('base64');
const pins = { worker: await sha256('veil-worker.js'), wasmExec: await sha256('wasm_exec.js'), wasm: await sha256('veil.wasm') };
const version = createHash('sha256').update(pins.worker + pins.wasmExec + pins.wasm).digest('hex').slice(0, 12);

// Not minified: an application's bundler minifies it with the rest, and a
// readable file in node_modules is easier to audit.
await esbuild.build({
  entryPoints: [here('./src/npm.js')],
  outfile: out + 'index.js',
  bundle: true,
  format: 'esm',
  target: ['es2020'],
  legalComments: 'none',
  logLevel: 'warning',
  define: {
    __VEIL_PIN_WORKER__: JSON.stringify(pins.worker),
    __VEIL_PIN_WASM_EXEC__: JSON.stringify(pins.wasmExec),
    __VEIL_PIN_WASM__: JSON.stringify(pins.wasm),
    __VEIL_VERSION__: JSON.stringify(version),
  },
});
