package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/veil-replay/veil/server"
	"github.com/veil-replay/veil/server/auth"
	"github.com/veil-replay/veil/server/store"
)

const tokenUsage = `usage:
  veil token create [--role replay|replay-unmasked|settings|admin] --apps a,b|* [--note TEXT] [--db FILE]
  veil token list [--db FILE]
  veil token revoke [--db FILE] ID

Tokens are shown once, at creation; the database keeps only their SHA-256 hash.
Changes are written to the audit log with the actor "cli".
`

// runToken implements `veil token create|list|revoke`, working on the
// database directly (the operator's bootstrap: the first admin token).
func runToken(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, tokenUsage)
		return 2
	}
	fs := flag.NewFlagSet("veil token "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, tokenUsage) }
	dbPath := fs.String("db", "veil.db", "SQLite database file or postgres:// URL")
	var role, apps, note *string
	if args[0] == "create" {
		role = fs.String("role", "replay", "replay, replay-unmasked, settings or admin")
		apps = fs.String("apps", "", "comma-separated applications, or * for all")
		note = fs.String("note", "", "who or what the token is for")
	}
	switch args[0] {
	case "create", "list", "revoke":
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, tokenUsage)
		return 0
	default:
		fmt.Fprintf(stderr, "veil token: unknown subcommand %q\n%s", args[0], tokenUsage)
		return 2
	}
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	want := 0
	if args[0] == "revoke" {
		want = 1
	}
	if fs.NArg() != want {
		fmt.Fprint(stderr, tokenUsage)
		return 2
	}
	var r auth.Role
	var scope []string
	if args[0] == "create" {
		var err error
		if r, err = auth.ParseRole(*role); err != nil {
			fmt.Fprintln(stderr, "veil token create:", err)
			return 2
		}
		if scope, err = auth.ParseApps(*apps); err != nil {
			fmt.Fprintln(stderr, "veil token create: --apps:", err)
			return 2
		}
	}
	st, err := store.OpenDSN(*dbPath)
	if err != nil {
		fmt.Fprintln(stderr, "veil token:", err)
		return 1
	}
	defer st.Close()
	ctx, now := context.Background(), time.Now()
	switch args[0] {
	case "create":
		secret, t, err := server.CreateToken(ctx, st, "cli", r, scope, *note, now)
		if err != nil {
			fmt.Fprintln(stderr, "veil token create:", err)
			return 1
		}
		fmt.Fprintf(stdout, "%s\n", secret)
		fmt.Fprintf(stderr, "token %s (role %s, apps %s) created; the secret above is shown only this once\n",
			t.ID, t.Role, strings.Join(t.Apps, ","))
	case "list":
		list, err := st.Tokens(ctx)
		if err != nil {
			fmt.Fprintln(stderr, "veil token list:", err)
			return 1
		}
		fmt.Fprintln(stdout, "ID\tROLE\tAPPS\tCREATED\tSTATE\tNOTE")
		for _, t := range list {
			state := "valid"
			if !t.Revoked.IsZero() {
				state = "revoked " + t.Revoked.Format(time.RFC3339)
			}
			fmt.Fprintf(stdout, "%s\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Role, strings.Join(t.Apps, ","),
				t.Created.Format(time.RFC3339), state, t.Note)
		}
	case "revoke":
		found, err := server.RevokeToken(ctx, st, "cli", fs.Arg(0), now)
		if err != nil {
			fmt.Fprintln(stderr, "veil token revoke:", err)
			return 1
		}
		if !found {
			fmt.Fprintf(stderr, "veil token revoke: no valid token %q\n", fs.Arg(0))
			return 1
		}
		fmt.Fprintf(stdout, "token %s revoked\n", fs.Arg(0))
	}
	return 0
}
