// Package insights derives privacy-safe facts about a recorded session from
// its masked events only: page views, errors, clicks, rage clicks, dead
// clicks, the page elements clicked (for heatmaps, named by their tag and
// nth-of-type path, never by content), and a coarse device from the
// User-Agent header. Its input is what ingest stores (or what playback
// masking emits): nothing here can see a value the masking engine hid, and
// nothing it returns holds text, attribute values or the raw User-Agent.
//
// A Tracker is not safe for concurrent use; DeviceOf is.
package insights
