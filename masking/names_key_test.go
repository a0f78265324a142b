package masking

// Every session in this package's tests uses one fixed name key, so golden
// files and the fuzz replayer's fresh-snapshot comparison are reproducible;
// TestNamePlaceholdersAreKeyed checks the production path.
func init() {
	k := [16]byte{'v', 'e', 'i', 'l', '-', 't', 'e', 's', 't'}
	testNameKey = &k
}
