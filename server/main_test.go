package server

import (
	"testing"

	"github.com/veil-replay/veil/internal/pgtest"
)

// TestMain stops the throwaway PostgreSQL cluster (started by the first
// test that needs it) after the tests.
func TestMain(m *testing.M) { pgtest.Main(m) }
