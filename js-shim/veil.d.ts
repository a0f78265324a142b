// Types for the global object the Veil script tag installs.

/** What the recorder is doing now. */
export type VeilState =
  | 'loading' | 'waiting-for-consent' | 'opted-out' | 'privacy-signal' | 'excluded-url'
  | 'not-sampled' | 'error-only-buffering' | 'recording' | 'paused' | 'stopped' | 'failed';

export interface VeilStatus {
  state: VeilState;
  /**
   * Why the state is what it is: set for `failed` (also logged once on the console), `privacy-signal`
   * (`Do Not Track` or `Global Privacy Control`), `waiting-for-consent` (which banner is awaited or
   * denied), `not-sampled` and `excluded-url`.
   */
  reason: string;
  /** The id sent with every batch of this tab's session (kept across page loads); empty before recording. */
  sessionId: string;
  /**
   * Batches lost: rejected by the collector or given up after retries, dropped at the memory cap,
   * rejected by the engine, or raw data not yet masked at `pagehide`. Each loss is followed by a
   * fresh full snapshot.
   */
  dropped: number;
  /** Strings cut to the engine's 1 MiB limit (at a code point boundary). */
  truncated: number;
  /** Batches the collector acknowledged. */
  sent: number;
  /** The consent state the session records under, e.g. `not-required` or `granted`. */
  consent: string;
  /** Where that consent came from: `config`, `optIn`, `tcf`, `google-consent-mode` or `tcf-google-consent-mode`. */
  consentSource: string;
  /** Compressed bytes held by error-only mode's buffer (0 in every other state). */
  buffered: number;
}

/**
 * The recorder configuration (DESIGN.md §4), as `GET /veil/config.json` serves it. Validated
 * strictly by the engine: unknown keys are an error and the recorder fails closed.
 */
export interface VeilConfig {
  application: string;
  endpoint: string;
  optIn?: boolean;
  samplePercent?: number;
  privacySignals?: 'honor' | 'ignore';
  excludeUrls?: string[];
  consent?: {
    /** IAB TCF v2: recording needs consent for every purpose (default [1]) and for the vendor unless 0. */
    tcf?: { vendorId?: number; purposes?: number[] };
    /** Follow Google Consent Mode's `analytics_storage` (gtag consent default and update commands). */
    googleConsentMode?: boolean;
  };
  /** Keep the last `windowSeconds` (1-300, default 30) in memory; send them only when an error happens. */
  errorOnly?: { enabled?: boolean; windowSeconds?: number };
  recording?: {
    mode?: 'mask-all' | 'allow-list' | 'block-list' | 'mask-user-input';
    allow?: string[];
    mask?: string[];
    block?: string[];
    hideInteractions?: string[];
    attributes?: { allow?: string[]; mask?: string[] };
    allowParams?: string[];
    /**
     * Page error messages: `mask` (default, every mode) or `reveal` (block-list only; the PII
     * detectors still mask what they find). An error's name and script locations are kept either way.
     */
    errorMessages?: 'mask' | 'reveal';
  };
}

export interface OptOutOptions {
  /** Also ask the collector to delete what this session recorded so far. */
  deleteRecorded?: boolean;
}

export interface StartOptions {
  /** Record this tab's session even when samplePercent left it out (kept for the session). */
  ignoreSampling?: boolean;
}

export interface InitAssetOptions {
  /**
   * The folder that serves `veil-worker.js`, `wasm_exec.js` and `veil.wasm` (default: the folder of
   * `veil.js`, or the script tag's `data-assets`). Whatever it serves is checked against the SHA-256
   * built into `veil.js`; a mismatch fails closed.
   */
  assetsUrl?: string;
}

/** A call for `veil.push`: a method name, or the name followed by its arguments. */
export type VeilCall = string | [string, ...unknown[]];

export interface Veil {
  /**
   * Starts the recorder with a configuration (object or JSON text), for pages whose script tag has
   * no `data-config`. Resolves with the status once recording has started (or waits for consent,
   * or a privacy signal stops it); rejects when the recorder failed. May be called once per page.
   */
  init(config: VeilConfig | string, options?: InitAssetOptions): Promise<VeilStatus>;
  /**
   * Resumes after `stop()` with a fresh full snapshot, reading the privacy signals again. Never grants
   * consent: without it the state stays `waiting-for-consent`.
   */
  start(options?: StartOptions): Promise<VeilStatus>;
  /**
   * Pauses recording within this page until `start()`: observers are removed; what was recorded is still
   * sent. Consent given meanwhile does not end the pause.
   */
  stop(): void;
  /**
   * Consent, remembered for this tab's session; starts recording if it was waiting for it. Privacy
   * signals still win. A consent banner adapter that later reports a denial withdraws it.
   */
  optIn(): Promise<VeilStatus>;
  /**
   * Withdraws consent at once: every observer and listener is removed, data not yet sent is
   * discarded, and nothing more is recorded in this tab's session.
   */
  optOut(options?: OptOutOptions): Promise<VeilStatus>;
  /** Resolves when everything recorded so far has been masked and handed to the network. */
  flush(): Promise<void>;
  /** A snapshot of the recorder's status; a new object on every call. */
  status(): VeilStatus;
  /**
   * Calls methods by name, e.g. `veil.push('optIn')`. Before veil.js has loaded, `window.veil` may be a
   * plain array: its calls are made, in order, as soon as the script runs. Returns how many calls it took.
   */
  push(...calls: VeilCall[]): number;
}

declare global {
  interface Window {
    veil: Veil;
  }
}
