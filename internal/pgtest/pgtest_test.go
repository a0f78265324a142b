//go:build !js

package pgtest

import (
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestMain(m *testing.M) {
	if os.Getenv("PGTEST_ORPHAN") == "1" {
		// The helper of TestGuardStopsAnOrphanedCluster: start a cluster
		// and exit without stopping it.
		c, err := NewCluster()
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Println(c.Dir)
		os.Exit(0)
	}
	Main(m)
}

// TestGuardStopsAnOrphanedCluster: a test binary that dies without stopping
// its cluster leaves nothing behind for long.
func TestGuardStopsAnOrphanedCluster(t *testing.T) {
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "PGTEST_ORPHAN=1")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("helper: %v", err)
	}
	dir := strings.TrimSpace(string(out))
	if !strings.HasPrefix(filepath.Base(dir), "veilpg") {
		t.Fatalf("helper printed %q, want the cluster directory", out)
	}
	for start := time.Now(); time.Since(start) < 30*time.Second; time.Sleep(200 * time.Millisecond) {
		if _, err := os.Stat(dir); os.IsNotExist(err) {
			return
		}
	}
	t.Fatalf("%s is still there 30 s after its test binary exited", dir)
}

// TestStartGivesAnEmptyDatabaseOfItsOwn: two Starts give two databases that
// psql reaches through the socket in the cluster's directory, and a table
// made in one is not in the other.
func TestStartGivesAnEmptyDatabaseOfItsOwn(t *testing.T) {
	a, b := Start(t), Start(t)
	if a == b {
		t.Fatalf("two Starts gave the same database %q", a)
	}
	u, err := url.Parse(a)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(u.Query().Get("host"), ".s.PGSQL.5432")); err != nil {
		t.Fatalf("no socket in the cluster directory: %v", err)
	}
	dbA, dbB := strings.TrimPrefix(u.Path, "/"), dbName(t, b)
	if err := shared.Psql(dbA, "CREATE TABLE only_in_a (x int)"); err != nil {
		t.Fatal(err)
	}
	if err := shared.Psql(dbA, "SELECT * FROM only_in_a"); err != nil {
		t.Fatal(err)
	}
	if err := shared.Psql(dbB, "SELECT * FROM only_in_a"); err == nil {
		t.Fatal("a table made in one database is visible in the other")
	}
}

func dbName(t *testing.T, dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimPrefix(u.Path, "/")
}

// TestStopRemovesTheDirectory: a second cluster of its own starts beside the
// shared one and, once stopped, leaves nothing behind.
func TestStopRemovesTheDirectory(t *testing.T) {
	c, err := NewCluster()
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Psql("postgres", "SELECT 1"); err != nil {
		c.Stop()
		t.Fatal(err)
	}
	if err := c.Stop(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(c.Dir); !os.IsNotExist(err) {
		t.Fatalf("%s still there after Stop: %v", c.Dir, err)
	}
}

// TestFindBinNamesMakeTools: without the binaries the message says how to
// get them; with several versions the newest is taken.
func TestFindBinNamesMakeTools(t *testing.T) {
	_, err := findBin(filepath.Join(t.TempDir(), "*", "bin", "initdb"))
	if err == nil || !strings.Contains(err.Error(), "run `make tools`") {
		t.Fatalf("want an error naming make tools, got %v", err)
	}
	root := t.TempDir()
	for _, v := range []string{"9", "15", "13"} {
		if err := os.MkdirAll(filepath.Join(root, v, "bin"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, v, "bin", "initdb"), nil, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	bin, err := findBin(filepath.Join(root, "*", "bin", "initdb"))
	if err != nil || bin != filepath.Join(root, "15", "bin") {
		t.Fatalf("got %q, %v; want the version 15 directory", bin, err)
	}
}
