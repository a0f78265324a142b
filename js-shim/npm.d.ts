// Types for the npm package @veil-replay/recorder (ESM):
//   import { init, optIn, status } from '@veil-replay/recorder';
// The package drives the same recorder as the script tag (it also sets window.veil).
import type { OptOutOptions, StartOptions, VeilConfig, VeilStatus } from './veil.js';

export type { OptOutOptions, StartOptions, VeilConfig, VeilState, VeilStatus } from './veil.js';

/**
 * Rules given in code. Each may only tighten what the collector serves: more `mask`, `block`,
 * `hideInteractions` and `attributes.mask` selectors (added to the collector's), a stricter `mode`
 * (`mask-all` > `allow-list` > `block-list`), and `errorMessages: 'mask'`. Anything that would loosen
 * (`allow`, `attributes.allow`, `allowParams`, a looser mode, `reveal`) is refused.
 */
export interface TightenRecording {
  mode?: 'mask-all' | 'allow-list' | 'block-list';
  mask?: string[];
  block?: string[];
  hideInteractions?: string[];
  attributes?: { mask?: string[] };
  errorMessages?: 'mask' | 'reveal';
}

export interface InitOptions {
  /**
   * The collector's recorder configuration, e.g. `https://veil.example.com/veil/config.json?app=shop`
   * (fetched at `init`, like the script tag's `data-config`). Required.
   */
  configUrl: string;
  /**
   * The directory the package's assets (`veil-worker.js`, `wasm_exec.js`, `veil.wasm`, from
   * `@veil-replay/recorder/assets/`) are served from, e.g. `/static/veil/`. Required. Their SHA-256
   * hashes are built into the package: a changed file makes the recorder fail closed.
   */
  assetsUrl: string;
  /** `true` asks for consent (`optIn()`) even when the collector does not; `false` never loosens it. */
  optIn?: boolean;
  /** At most the collector's share of sessions. */
  samplePercent?: number;
  /** `honor` only, unless the collector already ignores the signals. */
  privacySignals?: 'honor' | 'ignore';
  /** Added to the collector's excludeUrls (RE2 regular expressions on the full URL). */
  excludeUrls?: string[];
  recording?: TightenRecording;
}

/**
 * Fetches the collector's configuration, applies the options (which may only tighten it) and starts
 * the recorder. Resolves with the status once recording has started (or waits for consent, or a
 * privacy signal stops it). Rejects — and records nothing, with `status().state` `failed` and the
 * reason — when the configuration cannot be fetched or is invalid, an option would loosen it, or the
 * engine fails. May be called once per page.
 */
export function init(options: InitOptions): Promise<VeilStatus>;
/** Resumes after `stop()` with a fresh full snapshot. Never grants consent. */
export function start(options?: StartOptions): Promise<VeilStatus>;
/** Pauses recording within this page until `start()`. */
export function stop(): void;
/** Consent, remembered for this tab's session; starts recording if it was waiting for it. */
export function optIn(): Promise<VeilStatus>;
/** Withdraws consent at once and discards what was not yet sent. */
export function optOut(options?: OptOutOptions): Promise<VeilStatus>;
/** Resolves when everything recorded so far has been masked and handed to the network. */
export function flush(): Promise<void>;
/** A snapshot of the recorder's status; a new object on every call. */
export function status(): VeilStatus;
