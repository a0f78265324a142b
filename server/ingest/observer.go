package ingest

// Observer is told what ingest does, for metrics. Its methods are called
// with a session held, from many goroutines at once: they must be safe for
// concurrent use and return at once. Nothing of a batch's content, its
// session id or its secret is passed.
type Observer interface {
	BatchStored(bytes int) // a batch masked again and stored: its sealed size
	BatchDropped()         // a batch accepted but not kept (out of step: fail closed)
	Gap(n int)             // seq ranges given up on
	Remasked(n int)        // strings that masking at ingest changed (a faulty page script)
	PII(n int)             // PII detector matches masked at ingest
	Rebuilt(batches int)   // a session's masking state rebuilt from that many stored batches
}

// NopObserver observes nothing.
type NopObserver struct{}

func (NopObserver) BatchStored(int) {}
func (NopObserver) BatchDropped()   {}
func (NopObserver) Gap(int)         {}
func (NopObserver) Remasked(int)    {}
func (NopObserver) PII(int)         {}
func (NopObserver) Rebuilt(int)     {}
