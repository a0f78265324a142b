package server

import "net/http"

// closeAfterChunked ends the connection of every HTTP/1 request whose body
// came chunked, once it is answered. A request with both Transfer-Encoding
// and Content-Length is read by its chunks, and Go drops the Content-Length
// before a handler sees the request, so it looks like any chunked one; a
// proxy in front that went by the Content-Length (--trust-proxy) draws the
// requests' boundary elsewhere, and the bytes after the chunks were served
// as a request of their own that the proxy never sent (request smuggling).
// RFC 9112 §6.3: the server must close the connection after answering such
// a request. Browsers never send chunked HTTP/1 request bodies (fetch
// streams need HTTP/2), so this costs recorders and viewers nothing.
func closeAfterChunked(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ProtoMajor == 1 && len(r.TransferEncoding) > 0 {
			w.Header().Set("Connection", "close")
		}
		h.ServeHTTP(w, r)
	})
}
