package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/masking"
	"github.com/veil-replay/veil/rules"
)

// runMask implements `veil mask [--rules FILE] [--href URL] [--events] [PAGE.html]`.
func runMask(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("veil mask", flag.ContinueOnError)
	fs.SetOutput(stderr)
	rulesPath := fs.String("rules", "", "rules JSON file (default: the mask-all preset)")
	href := fs.String("href", "https://example.invalid/", "URL the page is recorded at")
	events := fs.Bool("events", false, "print the rrweb events instead of HTML")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: veil mask [--rules FILE] [--href URL] [--events] [PAGE.html]\n\nReads PAGE.html (or standard input) and prints what Veil records of it:\nmasked HTML, blocked elements as same-size placeholders.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 1 {
		fmt.Fprintln(stderr, "veil mask: at most one page")
		fs.Usage()
		return 2
	}
	set, err := loadRules(*rulesPath)
	if err != nil {
		fmt.Fprintln(stderr, "veil mask:", err)
		return 1
	}
	in := stdin
	if fs.NArg() == 1 {
		f, err := os.Open(fs.Arg(0))
		if err != nil {
			fmt.Fprintln(stderr, "veil mask:", err)
			return 1
		}
		defer f.Close()
		in = f
	}
	if err := mask(set, in, *href, *events, stdout); err != nil {
		fmt.Fprintln(stderr, "veil mask:", err)
		return 1
	}
	return 0
}

func loadRules(path string) (*rules.Set, error) {
	r := rules.MaskAll()
	if path != "" {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		if r, err = rules.Parse(data); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
	}
	return rules.Compile(r)
}

func mask(set *rules.Set, in io.Reader, href string, asEvents bool, stdout io.Writer) error {
	batch, err := capture.FromHTML(in, href, 0)
	if err != nil {
		return err
	}
	events, err := masking.NewSession(set).Write(batch)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(stdout)
	if asEvents {
		w.Write(capture.AppendEvents(nil, events))
		w.WriteByte('\n')
		return w.Flush()
	}
	for _, e := range events {
		if snap, ok := e.Data.(capture.FullSnapshotData); ok {
			if err := capture.RenderHTML(w, snap.Node); err != nil {
				return err
			}
			return w.Flush()
		}
	}
	return errors.New("no snapshot was produced")
}
