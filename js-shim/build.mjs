// Bundles the recorder and its worker into ../dist (see the Makefile's shim target).
import * as esbuild from 'esbuild';
import { fileURLToPath } from 'node:url';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const common = { bundle: true, minify: true, format: 'iife', target: ['es2020'], legalComments: 'none', logLevel: 'warning' };

await Promise.all([
  esbuild.build({ ...common, entryPoints: [here('./src/veil.js')], outfile: here('../dist/veil.js') }),
  esbuild.build({ ...common, entryPoints: [here('./src/worker.js')], outfile: here('../dist/veil-worker.js') }),
]);
