package capture

// SheetEditedAttr is the attribute the recorder adds to a stylesheet <link>
// whose rules a script changed (insertRule, deleteRule, a selectorText set)
// while it recorded: the _cssText it inlines is then the page's own
// writing, not the site-wide resource, and the engine maps its names as a
// <style>'s (never structural). The engine never records it.
const SheetEditedAttr = "data-veil-sheet-edited"
