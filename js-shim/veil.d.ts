// Types for the global object the Veil script tag installs.

/** What the recorder is doing now. */
export type VeilState =
  | 'loading' | 'waiting-for-consent' | 'opted-out' | 'privacy-signal' | 'excluded-url'
  | 'not-sampled' | 'error-only-buffering' | 'recording' | 'paused' | 'stopped' | 'failed';

export interface VeilStatus {
  state: VeilState;
  /** Why the state is what it is; set for `failed`. */
  reason: string;
  /** The id sent with every batch of this page's session; empty before recording. */
  sessionId: string;
  /** Masked batches that could not be delivered. */
  dropped: number;
}

export interface Veil {
  /** A snapshot of the recorder's status; a new object on every call. */
  status(): VeilStatus;
  /** Resolves when everything recorded so far has been masked and handed to the network. */
  flush(): Promise<void>;
}

declare global {
  interface Window {
    veil: Veil;
  }
}
