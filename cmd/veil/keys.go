package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/veil-replay/veil/server/keys"
)

const keysUsage = `usage:
  veil keys new [--keys FILE] [--id ID]   write a fresh keyring to FILE (mode 0600; never overwrites)
  veil keys add [--keys FILE] [--id ID]   append a fresh key to FILE: it becomes current at the next start

The keyring encrypts every recording: back it up, keep it private (veil serve refuses
a keyring that others may read), and never lose it (data sealed with a lost key is gone).
Key ids default to k<YYYYMMDD>; they must be unique within the file.
`

// runKeys implements `veil keys new|add`.
func runKeys(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || (args[0] != "new" && args[0] != "add") {
		fmt.Fprint(stderr, keysUsage)
		return 2
	}
	fs := flag.NewFlagSet("veil keys "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, keysUsage) }
	file := fs.String("keys", "veil.keys", "keyring file")
	id := fs.String("id", "k"+time.Now().UTC().Format("20060102"), "id of the new key (1-32 of A-Z a-z 0-9 _ -)")
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	var ring *keys.Keyring
	var err error
	if args[0] == "new" {
		ring, err = keys.WriteNew(*file, *id)
	} else {
		ring, err = keys.AppendNew(*file, *id)
	}
	if err != nil {
		fmt.Fprintln(stderr, "veil keys "+args[0]+":", err)
		return 1
	}
	fmt.Fprintf(stdout, "veil keys: %s holds key %s as the current key (mode 0600); start the collector with --keys %s\n",
		*file, ring.Current(), *file)
	return 0
}
