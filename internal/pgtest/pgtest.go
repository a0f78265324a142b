//go:build !js

// Package pgtest runs a throwaway PostgreSQL server for tests: Debian's
// binaries, a cluster in a temporary directory listening only on a Unix
// socket inside it, fsync off. One cluster serves a whole test binary (it is
// started by the first Start and stopped by Main); each Start gets a database
// of its own, dropped when its test ends.
//
// Use it from TestMain:
//
//	func TestMain(m *testing.M) { pgtest.Main(m) }
//
// and in a test: dsn := pgtest.Start(t).
//
// When the binaries are missing, Start fails the test and names `make tools`,
// which installs them: a test that needs PostgreSQL never skips.
package pgtest

import (
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
)

// BinGlob is where Debian's postgresql packages put the server binaries.
const BinGlob = "/usr/lib/postgresql/*/bin/initdb"

var (
	mainCalled atomic.Bool
	once       sync.Once
	shared     *Cluster
	startErr   error
	databases  atomic.Int64
)

// Main runs the tests of m and then stops the cluster that Start started, if
// any, and exits with the tests' code. Call it from TestMain.
func Main(m *testing.M) {
	mainCalled.Store(true)
	code := m.Run()
	if shared != nil {
		if err := shared.Stop(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			if code == 0 {
				code = 1
			}
		}
	}
	os.Exit(code)
}

// Start returns the URL of a new, empty database on the test binary's
// cluster (started on first use), dropped when t ends. The URL names the
// socket directory as host, so any PostgreSQL client (pgx, psql) reaches it.
func Start(t testing.TB) string {
	t.Helper()
	if !mainCalled.Load() {
		t.Fatal("pgtest: call pgtest.Main(m) from TestMain, so that the cluster is stopped after the tests")
	}
	once.Do(func() { shared, startErr = NewCluster() })
	if startErr != nil {
		t.Fatal(startErr)
	}
	name := fmt.Sprintf("t%d_%d", os.Getpid(), databases.Add(1))
	if err := shared.Psql("postgres", "CREATE DATABASE "+name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := shared.Psql("postgres", "DROP DATABASE "+name+" WITH (FORCE)"); err != nil {
			t.Error(err)
		}
	})
	return shared.DSN(name)
}

// Cluster is one running throwaway server. Its methods are safe for
// concurrent use (each runs a separate process).
type Cluster struct {
	Dir  string // the temporary directory: data/, the socket, the log
	bin  string
	asPG bool // run the binaries as the postgres user (we are root)
}

// FindBin returns the newest Debian PostgreSQL bin directory, or an error
// that says how to install one.
func FindBin() (string, error) { return findBin(BinGlob) }

func findBin(glob string) (string, error) {
	found, _ := filepath.Glob(glob)
	if len(found) == 0 {
		return "", fmt.Errorf("pgtest: no PostgreSQL server binaries (%s): run `make tools`, which installs Debian's postgresql", glob)
	}
	sort.Slice(found, func(i, j int) bool { return version(found[i]) > version(found[j]) })
	return filepath.Dir(found[0]), nil
}

// version reads the major version out of /usr/lib/postgresql/N/bin/initdb.
func version(initdb string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(initdb))))
	return n
}

// NewCluster creates and starts a cluster; Stop stops it and removes its
// directory. As root it runs initdb and pg_ctl as the postgres user (initdb
// refuses root), through runuser.
func NewCluster() (*Cluster, error) {
	bin, err := FindBin()
	if err != nil {
		return nil, err
	}
	// A Unix socket path is limited to about 100 bytes: keep the directory short.
	// As root, the postgres user must reach it too: /tmp, whatever TMPDIR says.
	parent := os.TempDir()
	if len(parent) > 40 || os.Geteuid() == 0 {
		parent = "/tmp"
	}
	dir, err := os.MkdirTemp(parent, "veilpg")
	if err != nil {
		return nil, fmt.Errorf("pgtest: %w", err)
	}
	c := &Cluster{Dir: dir, bin: bin, asPG: os.Geteuid() == 0}
	if c.asPG {
		if err := chownToPostgres(dir); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
	}
	if err := c.run("initdb", "-D", c.data(), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	opts := strings.Join([]string{
		"-c listen_addresses=''",
		"-c unix_socket_directories=" + dir,
		"-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off",
		"-c max_connections=200", // room for a few collectors' pools at once
	}, " ")
	if err := c.run("pg_ctl", "start", "-w", "-t", "60", "-D", c.data(), "-l", filepath.Join(dir, "log"), "-o", opts); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "log"))
		os.RemoveAll(dir)
		return nil, fmt.Errorf("%w\nserver log:\n%s", err, log)
	}
	if err := c.guard(); err != nil {
		c.Stop()
		return nil, err
	}
	return c, nil
}

// guard stops the cluster and removes its directory once this process is
// gone, should it die without Stop (a test timeout's panic, a kill): a shell
// in a session of its own polls our pid every second. It acts only while
// the directory's owner file still names us, so after a Stop it does nothing.
func (c *Cluster) guard() error {
	pid := strconv.Itoa(os.Getpid())
	owner := filepath.Join(c.Dir, "owner")
	if err := os.WriteFile(owner, []byte(pid), 0o644); err != nil {
		return fmt.Errorf("pgtest: %w", err)
	}
	pgctl := "'" + filepath.Join(c.bin, "pg_ctl") + "'"
	if c.asPG {
		pgctl = "runuser -u postgres -- " + pgctl
	}
	script := fmt.Sprintf(`while kill -0 %s 2>/dev/null; do sleep 1; done
if [ "$(cat '%s' 2>/dev/null)" = %s ]; then %s stop -w -m immediate -D '%s' >/dev/null 2>&1; rm -rf '%s'; fi`,
		pid, owner, pid, pgctl, c.data(), c.Dir)
	cmd := exec.Command("sh", "-c", script)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true} // outlives a kill of our process group
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("pgtest: guard: %w", err)
	}
	return cmd.Process.Release()
}

func (c *Cluster) data() string { return filepath.Join(c.Dir, "data") }

// DSN returns the URL of database db on this cluster.
func (c *Cluster) DSN(db string) string {
	return "postgres://postgres@/" + db + "?host=" + c.Dir + "&sslmode=disable"
}

// Psql runs one SQL statement on database db.
func (c *Cluster) Psql(db, sql string) error {
	cmd := exec.Command(filepath.Join(c.bin, "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", c.Dir, "-U", "postgres", "-d", db, "-c", sql)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("pgtest: psql %q: %v: %s", sql, err, out)
	}
	return nil
}

// Stop stops the server at once (the data is thrown away) and removes the
// directory.
func (c *Cluster) Stop() error {
	err := c.run("pg_ctl", "stop", "-w", "-m", "immediate", "-D", c.data())
	if rmErr := os.RemoveAll(c.Dir); err == nil && rmErr != nil {
		err = fmt.Errorf("pgtest: %w", rmErr)
	}
	return err
}

// run runs one of the server binaries, as the postgres user when we are root.
func (c *Cluster) run(name string, args ...string) error {
	path := filepath.Join(c.bin, name)
	cmd := exec.Command(path, args...)
	if c.asPG {
		cmd = exec.Command("runuser", append([]string{"-u", "postgres", "--", path}, args...)...)
	}
	cmd.Dir = c.Dir
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("pgtest: %s: %v: %s", name, err, out)
	}
	return nil
}

func chownToPostgres(dir string) error {
	u, err := user.Lookup("postgres")
	if err != nil {
		return fmt.Errorf("pgtest: running as root needs the postgres user (Debian's postgresql package makes it; run `make tools`): %w", err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	if err := os.Chown(dir, uid, gid); err != nil {
		return fmt.Errorf("pgtest: %w", err)
	}
	return nil
}
