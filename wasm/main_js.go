//go:build js && wasm

package main

import "syscall/js"

// main registers veilEngine once and parks: the functions stay callable
// while the Go program waits forever in select.
func main() {
	e := newEngine()
	obj := js.Global().Get("Object").New()
	obj.Set("init", js.FuncOf(func(_ js.Value, args []js.Value) (ret any) {
		defer func() {
			if v := recover(); v != nil {
				ret = e.Fail(v)
			}
		}()
		if len(args) != 3 {
			return errBadArgs.Error()
		}
		for _, a := range args {
			if a.Type() != js.TypeString {
				return errBadArgs.Error()
			}
		}
		return e.Init([]byte(args[0].String()), consent{state: args[1].String(), source: args[2].String()})
	}))
	obj.Set("write", js.FuncOf(func(_ js.Value, args []js.Value) (ret any) {
		defer func() {
			if v := recover(); v != nil {
				ret = toJS(result{Err: e.Fail(v), Dead: true})
			}
		}()
		if len(args) != 1 || !args[0].InstanceOf(js.Global().Get("Uint8Array")) {
			return toJS(result{Err: "engine: write needs one Uint8Array"})
		}
		batch := make([]byte, args[0].Length())
		js.CopyBytesToGo(batch, args[0])
		return toJS(e.Write(batch))
	}))
	obj.Set("excluded", js.FuncOf(func(_ js.Value, args []js.Value) (ret any) {
		defer func() {
			if v := recover(); v != nil {
				e.Fail(v)
				ret = true
			}
		}()
		if len(args) != 1 || args[0].Type() != js.TypeString {
			return true
		}
		return e.Excluded(args[0].String())
	}))
	// sheet(url, text): the text the worker fetched from a linked sheet's
	// URL; text not a string says the fetch failed.
	obj.Set("sheet", js.FuncOf(func(_ js.Value, args []js.Value) any {
		defer func() {
			if v := recover(); v != nil {
				e.Fail(v)
			}
		}()
		if len(args) == 2 && args[0].Type() == js.TypeString {
			ok := args[1].Type() == js.TypeString
			src := ""
			if ok {
				src = args[1].String()
			}
			e.Sheet(args[0].String(), src, ok)
		}
		return nil
	}))
	js.Global().Set("veilEngine", obj)
	select {}
}

func toJS(r result) js.Value {
	out := js.Global().Get("Object").New()
	events := js.Global().Get("Uint8Array").New(len(r.Events))
	if len(r.Events) > 0 {
		js.CopyBytesToJS(events, r.Events)
	}
	out.Set("events", events)
	ends := js.Global().Get("Array").New(len(r.Ends))
	for i, end := range r.Ends {
		ends.SetIndex(i, end)
	}
	out.Set("ends", ends)
	out.Set("count", r.Count)
	out.Set("error", r.Err)
	out.Set("dead", r.Dead)
	return out
}
