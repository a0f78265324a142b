module veil-js-shim-ignore
