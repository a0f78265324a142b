package capture

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"
)

// bigPage returns an HTML page of about 10,000 nodes.
func bigPage() []byte {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html><html><head><title>Big</title></head><body>")
	for i := range 1666 {
		fmt.Fprintf(&b, `<div class="row r%d"><span title="t%d">Name %d</span> <input value="v%d"></div>`+"\n", i, i, i, i)
	}
	b.WriteString("</body></html>")
	return []byte(b.String())
}

func TestBigPageSize(t *testing.T) {
	batch, err := FromHTML(bytes.NewReader(bigPage()), "https://x/", 0)
	if err != nil {
		t.Fatal(err)
	}
	n := len(readAll(t, batch)) - 2
	if n < 9000 || n > 11000 {
		t.Fatalf("bigPage has %d nodes, want about 10,000", n)
	}
}

func BenchmarkFromHTML(b *testing.B) {
	page := bigPage()
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		if _, err := FromHTML(bytes.NewReader(page), "https://x/", 0); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReader(b *testing.B) {
	batch, err := FromHTML(bytes.NewReader(bigPage()), "https://x/", 0)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(batch)))
	var op Op
	for b.Loop() {
		r, err := NewReader(batch)
		if err != nil {
			b.Fatal(err)
		}
		for {
			if err := r.Next(&op); err != nil {
				if err != io.EOF {
					b.Fatal(err)
				}
				break
			}
		}
	}
}

func BenchmarkMirror(b *testing.B) {
	batch, err := FromHTML(bytes.NewReader(bigPage()), "https://x/", 0)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		m := NewMirror()
		r, _ := NewReader(batch)
		var op Op
		for r.Next(&op) == nil {
			if _, err := m.Apply(&op); err != nil {
				b.Fatal(err)
			}
		}
	}
}
