// Sends masked, gzip-compressed batches to the collector. Only bytes that came
// back from the engine ever reach send().

// Browsers refuse keepalive requests once 64 KiB of keepalive bodies are in
// flight; larger bodies go without it rather than fail.
const KEEPALIVE_BYTES = 60 * 1024;

export class Transport {
  constructor(endpoint, sessionId, onDrop) {
    this.endpoint = endpoint;
    this.sessionId = sessionId;
    this.onDrop = onDrop;
    this.seq = 0;
    this.inflight = new Set();
    this.closed = false;
  }

  send(body) {
    if (this.closed) return;
    const seq = this.seq++;
    const p = fetch(this.endpoint, {
      method: 'POST',
      keepalive: body.byteLength <= KEEPALIVE_BYTES,
      body,
      headers: {
        'Content-Type': 'application/json',
        'Content-Encoding': 'gzip',
        'X-Veil-Session': this.sessionId,
        'X-Veil-Seq': String(seq),
      },
    })
      .then((res) => { if (!res.ok) this.onDrop(); })
      .catch(() => this.onDrop())
      .finally(() => this.inflight.delete(p));
    this.inflight.add(p);
  }

  // idle resolves when every request handed over so far has finished.
  idle() {
    return Promise.all([...this.inflight]).then(() => undefined);
  }

  close() { this.closed = true; }
}
