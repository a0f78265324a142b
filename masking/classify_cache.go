package masking

import "github.com/veil-replay/veil/capture"

// attrClassCache remembers classifyAttr's answers for one Session: a page
// repeats the same few (namespace, element, attribute) triples thousands of
// times, and each classification folds two names and looks them up in two
// tables. classifyAttr reads nothing but the triple, and an entry is used
// only when all three strings are equal to the ones it was made for, so the
// answer is the one classifyAttr would give. A slot keeps the last triple
// that hashed to it. Not safe for concurrent use (one per Session).
type attrClassCache struct {
	slots [attrClassSlots]attrClassEntry
}

const attrClassSlots = 256

type attrClassEntry struct {
	ns, tag, name string
	filled        bool
	class         attrClass
}

// classify is classifyAttr(ns, tag, name), remembered.
func (c *attrClassCache) classify(ns, tag, name string) attrClass {
	e := &c.slots[attrClassSlot(ns, tag, name)]
	if e.filled && e.name == name && e.tag == tag && e.ns == ns {
		return e.class
	}
	*e = attrClassEntry{ns: ns, tag: tag, name: name, filled: true, class: classifyAttr(ns, tag, name)}
	return e.class
}

// attrClassSlot spreads triples over the slots by their lengths and outer
// bytes: cheap, and enough to tell a page's usual names apart.
func attrClassSlot(ns, tag, name string) int {
	h := uint(len(ns))*7 + uint(len(tag))*31 + uint(len(name))*131
	if len(tag) > 0 {
		h = h*33 + uint(tag[0]) + uint(tag[len(tag)-1])*3
	}
	if len(name) > 0 {
		h = h*33 + uint(name[0]) + uint(name[len(name)-1])*5 + uint(name[len(name)/2])*9
	}
	return int(h % attrClassSlots)
}

// elemClassCache remembers classifyElement's answers for one Session, as
// attrClassCache does classifyAttr's: keyed on the namespace and tag it
// reads, used only for the very same strings. Not safe for concurrent use.
type elemClassCache struct {
	slots [elemClassSlots]elemClassEntry
}

type elemClassEntry struct {
	ns, tag string
	class   elemClass
	filled  bool
	_       [0]func() // not comparable: no equality code in the engine for it
}

const elemClassSlots = 64

// prime stores n's element class in its Mark (see elemClassOf) from the
// cache, classifying on a miss. n must be an element of the mirror.
func (c *elemClassCache) prime(n *capture.Node) {
	if n.Mark&elemClassBits != 0 {
		return
	}
	ns, tag := n.Namespace, n.Data
	h := uint(len(ns))*7 + uint(len(tag))*31
	if len(tag) > 0 {
		h = h*33 + uint(tag[0]) + uint(tag[len(tag)-1])*3
	}
	e := &c.slots[h%elemClassSlots]
	if !e.filled || e.tag != tag || e.ns != ns {
		e.ns, e.tag, e.class, e.filled = ns, tag, classifyElement(ns, tag), true
	}
	n.Mark |= uint64(e.class+1) << elemClassShift
}
