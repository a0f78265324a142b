// Node ids and the main thread's picture of the engine's mirror: which nodes
// the engine knows, and under which parent. The observer needs it to never
// name an id the engine has forgotten (a Remove forgets the whole subtree).
//
// Per node the registry stores one small integer on the node (a stamp under
// a symbol: no object is allocated, and a WeakMap would make the garbage
// collector's ephemeron pass long enough to show up as a main-thread long
// task at 100,000 nodes); parents and liveness live in typed arrays indexed
// by the stamp's offset, outside the JS heap, so the collector never visits
// them.
const KEY = Symbol('veil');

// Stamps are unique in this realm across registries: a node stamped by an
// earlier registry (an older snapshot, a closed recorder) is unknown to a
// later one. Stamps stay small integers (below 2^30) for a billion nodes.
let stamps = 1;

const DEAD = -1;

export class Registry {
  // nextId continues the ids of an earlier registry: a fresh snapshot gets
  // fresh ids, so that no id of the old mirror is ever reused.
  constructor(nextId = 1) {
    this.idBase = nextId;
    this.stampBase = stamps;
    this.count = 0;
    this.parents = new Int32Array(1024); // parent id by index (id - idBase); 0 for a root
    // seen[i] is the epoch in which node i was last known alive, or DEAD.
    // Every Remove starts a new epoch, so liveness is checked again, at
    // most once per node and epoch: amortized O(1), however deep the page.
    this.seen = new Int32Array(1024);
    this.epoch = 1;
  }

  get nextId() { return this.idBase + this.count; }

  // id returns node's live id, or 0 if the engine does not know it.
  id(node) {
    if (node == null) return 0;
    const s = node[KEY];
    if (s === undefined) return 0;
    const i = s - this.stampBase;
    if (i < 0 || i >= this.count || !this.aliveAt(i)) return 0;
    return this.idBase + i;
  }

  // add gives node the next id under parentId (0 for a root) and returns it.
  // Only the newest registry of a realm may add: ids follow the stamps.
  add(node, parentId) {
    const i = this.count;
    if (stamps !== this.stampBase + i) throw new Error('veil registry: an older registry is still adding nodes');
    if (i === this.parents.length) this.grow();
    this.count = i + 1;
    stamps++;
    node[KEY] = this.stampBase + i;
    this.parents[i] = parentId;
    this.seen[i] = this.epoch;
    return this.idBase + i;
  }

  // parentOf returns the mirror parent's id of a known id.
  parentOf(id) { return this.parents[id - this.idBase]; }

  // moved records that the engine now has id under parentId.
  moved(id, parentId) { this.parents[id - this.idBase] = parentId; }

  // removed records a Remove: id and, through it, its whole mirror subtree
  // are forgotten.
  removed(id) {
    this.seen[id - this.idBase] = DEAD;
    this.epoch++;
  }

  aliveAt(i) {
    const seen = this.seen;
    const parents = this.parents;
    const ep = this.epoch;
    const first = seen[i];
    if (first === ep) return true;
    if (first === DEAD) return false;
    const base = this.idBase;
    let j = i;
    let alive = true;
    for (;;) {
      const s = seen[j];
      if (s === ep) break;
      if (s === DEAD) {
        alive = false;
        break;
      }
      const p = parents[j];
      if (p === 0) break;
      j = p - base;
    }
    const mark = alive ? ep : DEAD;
    for (let k = i; ; k = parents[k] - base) {
      seen[k] = mark;
      if (k === j) break;
    }
    return alive;
  }

  grow() {
    const n = this.parents.length * 2;
    const parents = new Int32Array(n);
    parents.set(this.parents);
    this.parents = parents;
    const seen = new Int32Array(n);
    seen.set(this.seen);
    this.seen = seen;
  }
}
