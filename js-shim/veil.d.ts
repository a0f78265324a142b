// Types for the global object the Veil script tag installs.

/** What the recorder is doing now. */
export type VeilState =
  | 'loading' | 'waiting-for-consent' | 'opted-out' | 'privacy-signal' | 'excluded-url'
  | 'not-sampled' | 'error-only-buffering' | 'recording' | 'paused' | 'stopped' | 'failed';

export interface VeilStatus {
  state: VeilState;
  /** Why the state is what it is: set for `failed` (also logged once on the console) and `privacy-signal`. */
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
  /** Where that consent came from, e.g. `config` or `optIn`. */
  consentSource: string;
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
  consent?: unknown;
  errorOnly?: boolean;
  recording?: {
    mode?: 'mask-all' | 'allow-list' | 'block-list' | 'mask-user-input';
    allow?: string[];
    mask?: string[];
    block?: string[];
    hideInteractions?: string[];
    attributes?: { allow?: string[]; mask?: string[] };
    allowParams?: string[];
  };
}

export interface OptOutOptions {
  /** Also ask the collector to delete what this session recorded so far. */
  deleteRecorded?: boolean;
}

export interface Veil {
  /**
   * Starts the recorder with a configuration (object or JSON text), for pages whose script tag has
   * no `data-config`. Resolves with the status once recording has started (or waits for consent,
   * or a privacy signal stops it); rejects when the recorder failed. May be called once per page.
   */
  init(config: VeilConfig | string): Promise<VeilStatus>;
  /** Resumes after `stop()` with a fresh full snapshot. Never grants consent. */
  start(): Promise<VeilStatus>;
  /** Pauses recording within this page: observers are removed; what was recorded is still sent. */
  stop(): void;
  /** Consent, remembered for this tab's session; starts recording if it was waiting for it. */
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
}

declare global {
  interface Window {
    veil: Veil;
  }
}
