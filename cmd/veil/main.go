// Command veil is Veil's command line: `veil mask` previews what the engine
// records of a page; `veil serve`, `veil token` and `veil keys` belong to the
// collector.
package main

import (
	"fmt"
	"io"
	"os"
)

const usage = `usage: veil <command> [arguments]

commands:
  mask    print the masked form of an HTML page (a preview of what Veil records)
  serve   run the collector (ingest, recorder configuration, API)
  token   manage access tokens of the collector
  keys    create or extend the collector's encryption keyring

Run "veil <command> -h" for the arguments of a command.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is main without the process: it returns the exit code (0 ok, 1 failure,
// 2 usage error).
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "mask":
		return runMask(args[1:], stdin, stdout, stderr)
	case "serve":
		return runServe(args[1:], stdout, stderr)
	case "token":
		return runToken(args[1:], stdout, stderr)
	case "keys":
		return runKeys(args[1:], stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "veil: unknown command %q\n%s", args[0], usage)
	return 2
}
