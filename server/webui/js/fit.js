// Fits the replayed page into the player box: scaled down (never up) to
// the box's width and height, centred, and fitted again whenever the box
// changes size (window resize, fullscreen, the event list folding).

export class Fitter {
  constructor(box) {
    this.box = box;
    this.width = 0;
    this.height = 0;
    this.scale = 1;
    new ResizeObserver(() => this.apply()).observe(box);
  }

  // page sets the recorded viewport size.
  page(width, height) {
    this.width = width;
    this.height = height;
    this.apply();
  }

  apply() {
    const wrapper = this.box.querySelector('.replayer-wrapper');
    if (!wrapper || !this.width || !this.height) return;
    const w = this.box.clientWidth;
    const h = this.box.clientHeight;
    this.scale = Math.min(1, w / this.width, h / this.height);
    const left = Math.max(0, (w - this.width * this.scale) / 2);
    const top = Math.max(0, (h - this.height * this.scale) / 2);
    wrapper.style.transform = `translate(${left}px, ${top}px) scale(${this.scale})`;
    this.box.dataset.scale = this.scale.toFixed(3);
  }
}
