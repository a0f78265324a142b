// Node ids and the main thread's picture of the engine's mirror: which nodes
// the engine knows, and under which parent. The observer needs it to never
// name an id the engine has forgotten (a Remove forgets the whole subtree).

// A record is {id, parent, dead}. Removing a subtree marks one record dead;
// its descendants die with it because liveness walks the parent chain.
function alive(r) {
  for (; r; r = r.parent) if (r.dead) return false;
  return true;
}

export class Registry {
  constructor() {
    this.recs = new WeakMap();
    this.nextId = 1;
  }

  // rec returns the live record of node, or null if the engine does not know it.
  rec(node) {
    const r = node && this.recs.get(node);
    return r && alive(r) ? r : null;
  }

  id(node) {
    const r = this.rec(node);
    return r ? r.id : 0;
  }

  // add gives node a fresh id; ids are never reused within a session.
  add(node, parent) {
    const r = { id: this.nextId++, parent, dead: false };
    this.recs.set(node, r);
    return r;
  }
}
