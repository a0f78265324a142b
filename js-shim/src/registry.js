// Node ids and the main thread's picture of the engine's mirror: which nodes
// the engine knows, and under which parent. The observer needs it to never
// name an id the engine has forgotten (a Remove forgets the whole subtree).
//
// A record lives on its node under a symbol rather than in a WeakMap: with
// 100,000 nodes a WeakMap makes the garbage collector's ephemeron pass long
// enough to show up as a main-thread long task.
const KEY = Symbol('veil');

// A record is {id, parent, dead, reg}. Removing a subtree marks one record
// dead; its descendants die with it because liveness walks the parent chain.
function alive(r) {
  for (; r; r = r.parent) if (r.dead) return false;
  return true;
}

export class Registry {
  // nextId continues the ids of an earlier registry: a fresh snapshot gets
  // fresh ids, so that no id of the old mirror is ever reused. Records of an
  // earlier registry are ignored.
  constructor(nextId = 1) {
    this.nextId = nextId;
  }

  // rec returns the live record of node, or null if the engine does not know it.
  rec(node) {
    const r = node && node[KEY];
    return r && r.reg === this && alive(r) ? r : null;
  }

  id(node) {
    const r = this.rec(node);
    return r ? r.id : 0;
  }

  // add gives node a fresh id; ids are never reused within a session.
  add(node, parent) {
    const r = { id: this.nextId++, parent, dead: false, reg: this };
    node[KEY] = r;
    return r;
  }
}
