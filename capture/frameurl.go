package capture

// FrameURLAttr is the attribute the recorder adds to an <iframe> whose
// same-origin document it records: that document's URL (document.URL), set
// again before a new document of the frame is written. The engine reads it
// to leave out a frame whose page the configuration's excludeUrls exclude,
// and never records it. The recorder writes no attribute of the page's that
// has this name.
const FrameURLAttr = "data-veil-frame-url"
