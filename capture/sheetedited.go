package capture

// SheetEditedAttr is the attribute the recorder adds to a stylesheet <link>
// whose rules a script changed (insertRule, deleteRule, a selectorText set)
// while it recorded: the _cssText it inlines is then the page's own
// writing, not the site-wide resource, and the engine maps its names as a
// <style>'s (never structural). The engine never records it.
const SheetEditedAttr = "data-veil-sheet-edited"

// SheetURLAttr is the attribute the recorder adds to a stylesheet <link>
// whose rules it inlines: the sheet's absolute URL, which the engine's
// worker fetched again (masking.Session.SheetSource), so that the engine
// can tell the sheet as its server sent it from one a script edited before
// the recorder loaded. The engine never records it.
const SheetURLAttr = "data-veil-sheet-url"
