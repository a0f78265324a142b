// Package capture holds Veil's wire model: the raw batches the browser shim
// sends to the engine, the mirror tree those batches build, and the rrweb
// events the engine emits.
//
// # Raw batches
//
// The observer on the page's main thread writes what it sees into one compact
// byte buffer per batch and transfers it to the worker; the engine decodes it
// without reflection. A batch is a stream of primitive operations on the
// mirror tree, applied in order. Node ids are assigned by the observer, start
// at 1 and are never reused within a session; 0 means "none".
//
//	batch   = "VEIL" version:byte(1) baseTime:uvarint op*
//	str     = uvarint(byte length) UTF-8 bytes
//	uvarint = unsigned LEB128 (as Go's encoding/binary Uvarint)
//	int     = zig-zag LEB128 (as Go's encoding/binary Varint)
//	dt      = uvarint: milliseconds after baseTime (baseTime: ms since the Unix epoch)
//
// Each op starts with its kind byte:
//
//	0x01 SnapshotStart   dt href:str width:uvarint height:uvarint scrollX:int scrollY:int
//	     Forget the whole mirror; the Node ops that follow build the new document,
//	     starting with a Document node whose parent is 0. A snapshot may span
//	     several batches (the observer walks a large page in chunks).
//	0x02 SnapshotEnd     dt
//	     The snapshot is complete: emit Meta and FullSnapshot.
//	0x03 Node            id parent:uvarint next:uvarint node
//	     Insert a new node under parent before sibling next (0: append).
//	0x04 Move            id parent:uvarint next:uvarint
//	     Move an existing node, with its subtree, to a new place.
//	0x05 Remove          id
//	     Detach a node and forget its subtree.
//	0x06 Text            id data:str          set the data of a text node
//	0x07 Attr            id name:str value:str set an attribute
//	0x08 AttrRemove      id name:str          remove an attribute
//	0x09 MutationEnd     dt
//	     Emit one Mutation event for every Node/Move/Remove/Text/Attr/AttrRemove
//	     since the last SnapshotEnd or MutationEnd.
//	0x0A Input           dt id value:str checked:byte(0|1)
//	     The live value or checked state of a form control or contenteditable.
//	0x0B Mouse           dt kind:uvarint id x:int y:int pointer:uvarint
//	     kind is rrweb's MouseInteractions; pointer 0 mouse, 1 pen, 2 touch.
//	0x0C MouseMove       dt count:uvarint (x:int y:int id offset:int)*count
//	0x0D Scroll          dt id x:int y:int    (id of the document for the page)
//	0x0E Viewport        dt width:uvarint height:uvarint
//	0x0F Navigate        dt href:str width:uvarint height:uvarint
//	     The page URL changed without a reload (pushState, popstate, hashchange,
//	     a Navigation API navigation).
//	0x10 StyleRule       dt id op:byte index:uvarint [rule:str if op==0]
//	     CSSOM on the sheet of <style> element id: op 0 insertRule, 1 deleteRule.
//	0x12 PageError       dt source:byte name:str message:str count:uvarint (url:str line:uvarint column:uvarint)*count
//	     An uncaught error (source 0), an unhandled rejection whose reason is an
//	     Error (1) or one whose reason is any other value (2: name, message and
//	     frames are ignored). name is the error's name, message its message,
//	     then its stack locations, innermost first: script URL, line and
//	     column (0 when unknown), never function names. The observer only
//	     extracts; the engine emits a Custom event (tag ErrorTag) keeping the
//	     name if it is an identifier, each URL's scheme, host and path (PII
//	     detectors on the path), line and column, and masking the message
//	     (see masking for the rule that may reveal it).
//	0x11 Error           dt message:str
//	     Legacy, from observers before PageError: read as a PageError of
//	     source 0 without name or frames. Writers no longer emit it.
//
// A node is one of (the type byte is rrweb's NodeType, plus 6 for a shadow root):
//
//	0 Document
//	1 Doctype    name:str publicId:str systemId:str
//	2 Element    ns:byte(0 HTML, 1 SVG, 2 MathML) tag:str attrCount:uvarint (name:str value:str)*
//	             width:uvarint height:uvarint   measured CSS px, 0 when not measured
//	3 Text       data:str
//	4 CDATA      data:str
//	5 Comment    data:str
//	6 ShadowRoot                                an open shadow root; its parent is the host
//
// A Document whose parent is an <iframe> element is that iframe's same-origin
// content document; the iframe carries its URL as FrameURLAttr. The observer measures only media, iframes, canvas and
// elements it knows to be blocked; 0 elsewhere.
//
// Pointer, input and scroll ops flush pending mutations first (as if a
// MutationEnd came before them), so that events keep the order they had.
//
// # Limits
//
// Stated here, enforced by the decoder and the mirror, tested on both sides.
// A batch over a limit is rejected whole from the offending op on, with an
// error that names the limit; events emitted before it stand.
//
//	MaxBatchBytes   8 MiB per batch
//	MaxStringBytes  1 MiB per string (text, attribute value, URL, CSS rule)
//	MaxAttrs        1024 attributes per element
//	MaxNodes        1,000,000 nodes in the mirror
//	MaxDepth        1024 levels (shadow roots and iframe documents count)
//
// A PageError op has its own, smaller limits (bytes of UTF-8):
//
//	MaxErrorNameBytes      64 (longer than any name the engine keeps)
//	MaxErrorMessageBytes   4 KiB
//	MaxErrorFrames         16 stack frames
//	MaxErrorURLBytes       2 KiB per script URL
//
// # Mirror
//
// The Mirror is the engine's copy of the page: *html.Node values keyed by id,
// so that cascadia selectors match on it. Decisions are made on the mirror and
// output is serialized from it, never by patching input strings.
package capture
