//go:build !js

package e2e

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// The vectors of privacy round 4 (TestV4Attack), on e2e/testdata/attack4/live.html.
// Secrets are AV-… (never recorded), AL-… (in <head>: block-list records
// them) and AM-… (page text: only mask-all masks it).

// v4Vector is one way live page state reaches the recorder: script (which
// must return true) and act do it in the page, in that order. secrets must
// not reach the collector in the modes listed in maskedIn (nil: every
// mode); in the others they are page text the mode records, and must.
type v4Vector struct {
	name     string
	script   string
	act      func(t *testing.T, b *browser)
	secrets  []string
	maskedIn []string
}

// Modes in which page text is recorded by design: a vector whose secret is
// ordinary page text is checked in mask-all only; one in <head>, outside
// "allow": ["body"], also in allow-list.
var (
	maskAllOnly = []string{"mask-all"}
	outsideBody = []string{"mask-all", "allow-list"}
)

var v4Vectors = []v4Vector{
	{name: "preset-state", secrets: []string{"AV-PRESET-17", "AV-TAVAL-18", "AV-OPTVAL-02", "AV-OPTTEXT-03", "AV-MULTI-04", "AV-MULTI-05"}},
	{name: "typed", act: func(t *testing.T, b *browser) {
		b.do(t, chromedp.SendKeys("#typed", "AV-TYPED-22"), chromedp.SendKeys("#blockedinput", "AV-BLOCKTYPED-23"))
	}, secrets: []string{"AV-TYPED-22", "AV-BLOCKTYPED-23", "AV-BLOCKED-06"}},
	{name: "script-values", script: `(() => {
		const $ = (id) => document.getElementById(id);
		$('tadef').defaultValue = 'AV-TADEF-24';
		$('defval').defaultValue = 'AV-DEFVAL-25';
		$('color').value = '#5ec2e7';
		$('date').value = '1987-03-14';
		$('autofill').value = 'AV-AUTOFILL-26';
		$('autofill').dispatchEvent(new Event('change', { bubbles: true }));
		$('out').value = 'AV-OUTPUT-27';
		$('sel').value = 'AV-OPTVAL-02';
		$('checkbox').checked = false;
		return $('tadef').value === 'AV-TADEF-24' && $('date').value === '1987-03-14';
	})()`, secrets: []string{"AV-TADEF-24", "AV-DEFVAL-25", "5ec2e7", "1987-03-14", "AV-AUTOFILL-26", "AV-OUTPUT-27"}},
	{name: "form-reset", act: func(t *testing.T, b *browser) {
		b.do(t, chromedp.SendKeys("#resetme", "AV-RESET-28"))
		require.True(t, eval[bool](t, b, `(document.getElementById('resetform').reset(), document.getElementById('resetme').value === 'start')`))
	}, secrets: []string{"AV-RESET-28"}},
	{name: "ime-composition", act: func(t *testing.T, b *browser) {
		b.do(t, chromedp.Focus("#ime"), func(ctx context.Context, _ *chromedp.Target) (chromedp.Void, error) {
			if _, err := chromedp.Call(ctx, input.ImeSetComposition, input.ImeSetCompositionParams{
				Text: "AV-IME-29", SelectionStart: 9, SelectionEnd: 9}); err != nil {
				return chromedp.Void{}, err
			}
			_, err := chromedp.Call(ctx, input.InsertText, input.InsertTextParams{Text: "AV-IME-29"})
			return chromedp.Void{}, err
		})
		require.Equal(t, "AV-IME-29", eval[string](t, b, `document.getElementById('ime').value`))
	}, secrets: []string{"AV-IME-29"}},
	{name: "contenteditable-keys-and-execcommand", act: func(t *testing.T, b *browser) {
		b.do(t, chromedp.Click("#ce-p"), chromedp.KeyEvent("AV-CE-30"))
		require.True(t, eval[bool](t, b, `document.execCommand('insertText', false, 'AV-EXEC-31') &&
			document.getElementById('ce').textContent.includes('AV-CE-30')`))
	}, secrets: []string{"AV-CE-30", "AV-EXEC-31"}},
	{name: "user-modify-stylesheet", act: func(t *testing.T, b *browser) {
		b.do(t, chromedp.Click("#um-p"), chromedp.KeyEvent("AV-UM-32"))
		require.True(t, eval[bool](t, b, `document.getElementById('um').textContent.includes('AV-UM-32')`),
			"Chromium did not make the stylesheet's -webkit-user-modify area editable")
	}, secrets: []string{"AV-UM-32"}},
	{name: "edit-context", act: func(t *testing.T, b *browser) {
		require.True(t, eval[bool](t, b, `!!window.EditContext`), "Chromium has no EditContext")
		b.do(t, chromedp.Click("#ec"), chromedp.KeyEvent("AV-EC-66"))
		require.True(t, eval[bool](t, b, `document.getElementById('ec').textContent.includes('AV-EC-66')`))
	}, secrets: []string{"AV-EC-66"}},
	{name: "shadow-editing-host", act: func(t *testing.T, b *browser) {
		require.True(t, eval[bool](t, b, `(() => {
			const el = document.getElementById('shadowce').shadowRoot.getElementById('sce');
			el.focus();
			getSelection().collapse(el.firstChild, 1);
			return true;
		})()`))
		b.do(t, chromedp.KeyEvent("AV-SCE-67"))
		require.True(t, eval[bool](t, b, `document.getElementById('shadowce').shadowRoot.getElementById('sce').textContent.includes('AV-SCE-67')`))
	}, secrets: []string{"AV-SCE-67"}},
	{name: "design-mode-frame", act: func(t *testing.T, b *browser) {
		require.True(t, eval[bool](t, b, `(() => {
			const f = document.getElementById('dm');
			const doc = f.contentDocument;
			doc.designMode = 'on';
			f.contentWindow.focus();
			const p = doc.getElementById('dm-p');
			doc.getSelection().collapse(p.firstChild, p.firstChild.length);
			return true;
		})()`))
		b.do(t, chromedp.KeyEvent("AV-DM-33"))
		require.True(t, eval[bool](t, b, `document.getElementById('dm').contentDocument.body.textContent.includes('AV-DM-33')`))
	}, secrets: []string{"AV-DM-33"}},
	{name: "shadow-roots", act: func(t *testing.T, b *browser) {
		require.True(t, eval[bool](t, b, `(document.getElementById('openhost').shadowRoot.getElementById('openinput').focus(), true)`))
		b.do(t, chromedp.KeyEvent("AV-OPENIN-34"))
		require.True(t, eval[bool](t, b, `(closedRoot.getElementById('closedinput').focus(), true)`))
		b.do(t, chromedp.KeyEvent("AV-CLOSEDIN-35"))
		require.True(t, eval[bool](t, b, `(() => {
			const late = document.getElementById('latehost').attachShadow({ mode: 'open' });
			late.innerHTML = '<slot name="s"></slot><input id="lateinput">';
			late.getElementById('lateinput').value = 'AV-LATESHADOW-36';
			closedRoot.appendChild(Object.assign(document.createElement('p'), { textContent: 'AV-CLOSEDADD-37' }));
			const span = document.createElement('span');
			span.slot = 's';
			span.textContent = 'AM-SLOTLATE-38';
			document.getElementById('latehost').appendChild(span);
			return closedRoot.getElementById('closedinput').value === 'AV-CLOSEDIN-35';
		})()`))
	}, secrets: []string{"AV-OPENIN-34", "AV-CLOSEDIN-35", "AV-CLOSEDTEXT-20", "AV-LATESHADOW-36", "AV-CLOSEDADD-37"}},
	{name: "written-frame", script: `(() => {
		const doc = document.getElementById('written').contentDocument;
		doc.open();
		doc.write('<!DOCTYPE html><body><input id="w" value="AV-WRITE-39"><textarea>AV-WRITE-40</textarea><p>AM-WRITE-41</p></body>');
		doc.close();
		doc.getElementById('w').value = 'AV-WRITE-42';
		return true;
	})()`, secrets: []string{"AV-WRITE-39", "AV-WRITE-40", "AV-WRITE-42"}},
	{name: "page-errors", act: func(t *testing.T, b *browser) {
		b.do(t, chromedp.SendKeys("#errsrc", "AVERRNAME43"))
		require.True(t, eval[bool](t, b, `(() => {
			const typed = document.getElementById('errsrc').value;
			// A custom error class names itself after super(): its stack starts with "Error: …".
			class CheckoutError extends Error { constructor(m) { super(m); this.name = 'CheckoutError'; } }
			setTimeout(() => { throw new CheckoutError('Could not parse\n    at https://shop.example/AVSTACK44x/app.js:1:1'); });
			setTimeout(() => { const e = new Error('Bad AV-ERRMSG-45'); e.name = typed; throw e; });
			setTimeout(() => { throw 'AV-THROWN-46'; });
			// What was typed becomes the message, which the page then rewrites: the
			// stack still starts with the old message, which no longer is its head.
			setTimeout(() => {
				const e = new Error('Bad input:\n    at https://shop.example/AVSTACK69x/app.js:3:4');
				e.message = 'Checkout failed: ' + e.message;
				throw e;
			});
			setTimeout(() => {
				const e = new Error('Bad input:\n    at https://shop.example/AVSTACK70y/app.js:3:4');
				e.message = 'Checkout failed';
				throw e;
			});
			Promise.reject(new Error('AV-REJECT-47'));
			document.getElementById('errframe').contentWindow.boom('AV-FRAMEERR-48');
			new Worker(URL.createObjectURL(new Blob(["throw new Error('AV-WORKER-49')"], { type: 'text/javascript' })));
			console.log('AV-CONSOLE-50');
			console.error(new Error('AV-CONSOLE-51'));
			return true;
		})()`))
		time.Sleep(200 * time.Millisecond)
	}, secrets: []string{"AVSTACK69x", "AVSTACK70y", "AVERRNAME43", "AVSTACK44x", "AV-ERRMSG-45", "AV-THROWN-46", "AV-REJECT-47", "AV-FRAMEERR-48", "AV-WORKER-49", "AV-CONSOLE-50", "AV-CONSOLE-51"}},
	{name: "urls", script: `(() => {
		history.pushState({}, '', '/v4/next?token=AV-PUSH-52#AV-PUSHFRAG-53');
		location.hash = 'AV-HASH-54';
		history.replaceState({}, '', location.pathname + '?q=AV-REPLACE-55');
		return true;
	})()`, secrets: []string{"AV-PUSH-52", "AV-PUSHFRAG-53", "AV-HASH-54", "AV-REPLACE-55", "AV-VIDEO-12"}},
	{name: "cssom", script: `(() => {
		const sheet = document.getElementById('sheet').sheet;
		sheet.insertRule('.rule-v4::after { content: "AL-RULE-56"; background: url(/x.png?k=AV-RULE-57) }', sheet.cssRules.length);
		const adopted = new CSSStyleSheet();
		adopted.replaceSync('.adopt-v4::after { content: "AV-ADOPT-58" }');
		document.adoptedStyleSheets = [...document.adoptedStyleSheets, adopted];
		document.getElementById('public').style.setProperty('--avatar', 'url(/a.png?u=AV-CSSVAR-59)');
		return true;
	})()`, secrets: []string{"AV-RULE-57", "AV-ADOPT-58", "AV-CSSVAR-59"}},
	{name: "page-text-state", script: `(() => {
		const $ = (id) => document.getElementById(id);
		document.title = 'AL-TITLE-60';
		$('public').dataset.user = 'AM-DATASET-61';
		$('dlg').showModal();
		$('dlg').close();
		$('pop').showPopover();
		$('pop').hidePopover();
		const range = document.createRange();
		range.selectNodeContents($('selected-text'));
		getSelection().removeAllRanges();
		getSelection().addRange(range);
		return true;
	})()`, secrets: []string{"AL-TITLE-01", "AL-TITLE-60"}, maskedIn: outsideBody},
	// Strings in CSS are page text to block-list.
	{name: "css-strings", secrets: []string{"AL-RULE-56"}, maskedIn: outsideBody},
	{name: "page-text", secrets: []string{"AM-DIALOG-07", "AM-POPOVER-08", "AM-SLOT-09", "AM-HIDDEN-14",
		"AM-HIDDEN-15", "AM-SELECTION-16", "AM-OPENSHADOW-19", "AM-SLOTLATE-38", "AM-WRITE-41", "AM-DATASET-61"}, maskedIn: maskAllOnly},
	{name: "design-mode-draft", secrets: []string{"AV-DRAFT-73"}},
	{name: "never-recorded", secrets: []string{"AV-NOSCRIPT-13", "AV-TEMPLATE-10", "AV-TEMPLATE-11", "AV-CANVAS-21"}},
	{name: "dialog-input", act: func(t *testing.T, b *browser) {
		require.True(t, eval[bool](t, b, `(document.getElementById('dlg').show(), true)`))
		b.do(t, chromedp.SendKeys("#dlginput", "AV-DLGIN-62"))
	}, secrets: []string{"AV-DLGIN-62"}},
	{name: "drag-and-drop", act: func(t *testing.T, b *browser) {
		at := eval[[2]float64](t, b, `(() => { const r = document.getElementById('drop').getBoundingClientRect();
			return [r.x + r.width / 2, r.y + r.height / 2]; })()`)
		data := &input.DragData{Items: []*input.DragDataItem{{MimeType: "text/plain", Data: "AV-DROP-63"}}, DragOperationsMask: 1}
		for _, typ := range []input.DispatchDragEventType{input.DispatchDragEventTypeDragEnter, input.DispatchDragEventTypeDragOver, input.DispatchDragEventTypeDrop} {
			b.do(t, func(ctx context.Context, _ *chromedp.Target) (chromedp.Void, error) {
				_, err := chromedp.Call(ctx, input.DispatchDragEvent, input.DispatchDragEventParams{Type: typ, X: at[0], Y: at[1], Data: data})
				return chromedp.Void{}, err
			})
		}
		require.Equal(t, "AV-DROP-63", eval[string](t, b, `document.getElementById('drop').value`))
	}, secrets: []string{"AV-DROP-63"}},
	// Dropped text lands where the pointer is, wherever the focus was.
	{name: "drop-into-user-modify", act: func(t *testing.T, b *browser) {
		b.do(t, chromedp.Focus("#typed"))
		at := eval[[2]float64](t, b, `(() => { const r = document.getElementById('um2-p').getBoundingClientRect();
			return [r.x + 2, r.y + r.height / 2]; })()`)
		data := &input.DragData{Items: []*input.DragDataItem{{MimeType: "text/plain", Data: "AV-UMDROP-72"}}, DragOperationsMask: 1}
		for _, typ := range []input.DispatchDragEventType{input.DispatchDragEventTypeDragEnter, input.DispatchDragEventTypeDragOver, input.DispatchDragEventTypeDrop} {
			b.do(t, func(ctx context.Context, _ *chromedp.Target) (chromedp.Void, error) {
				_, err := chromedp.Call(ctx, input.DispatchDragEvent, input.DispatchDragEventParams{Type: typ, X: at[0], Y: at[1], Data: data})
				return chromedp.Void{}, err
			})
		}
		require.True(t, eval[bool](t, b, `document.getElementById('um2').textContent.includes('AV-UMDROP-72')`), "the drop did not reach the editable area")
	}, secrets: []string{"AV-UMDROP-72"}},
	{name: "hide-interactions", act: func(t *testing.T, b *browser) {
		b.do(t, chromedp.Click("#k2"), chromedp.Click("#k1"))
		sk := eval[[2]float64](t, b, `(() => { const r = document.getElementById('shadowkeys').shadowRoot.getElementById('sk').getBoundingClientRect();
			return [r.x + r.width / 2, r.y + r.height / 2]; })()`)
		b.do(t, chromedp.MouseClickXY(sk[0], sk[1]))
		// A tap, and a scroll inside the area (a PIN wheel's position).
		at := eval[[2]float64](t, b, `(() => { const r = document.getElementById('k2').getBoundingClientRect();
			return [r.x + r.width / 2, r.y + r.height / 2]; })()`)
		for _, typ := range []input.DispatchTouchEventType{input.DispatchTouchEventTypeTouchStart, input.DispatchTouchEventTypeTouchEnd} {
			points := []*input.TouchPoint{{X: at[0], Y: at[1]}}
			if typ == input.DispatchTouchEventTypeTouchEnd {
				points = []*input.TouchPoint{}
			}
			b.do(t, func(ctx context.Context, _ *chromedp.Target) (chromedp.Void, error) {
				_, err := chromedp.Call(ctx, input.DispatchTouchEvent, input.DispatchTouchEventParams{Type: typ, TouchPoints: points})
				return chromedp.Void{}, err
			})
		}
		require.True(t, eval[bool](t, b, `(() => { const w = document.getElementById('wheel');
			w.scrollTop = `+strconv.Itoa(wheelScrollTop)+`; return w.scrollTop === `+strconv.Itoa(wheelScrollTop)+`; })()`))
		time.Sleep(200 * time.Millisecond)
	}},
	// Last: the whole page becomes an editing host.
	{name: "design-mode-page", act: func(t *testing.T, b *browser) {
		require.True(t, eval[bool](t, b, `(() => {
			document.designMode = 'on';
			const p = document.getElementById('selected-text');
			getSelection().collapse(p.firstChild, p.firstChild.length);
			return true;
		})()`))
		b.do(t, chromedp.KeyEvent("AV-DMTOP-68"))
		require.True(t, eval[bool](t, b, `(() => {
			const ok = document.getElementById('selected-text').textContent.includes('AV-DMTOP-68');
			document.designMode = 'off';
			return ok;
		})()`))
	}, secrets: []string{"AV-DMTOP-68"}},
}
