package roster

import (
	"testing"

	"skillcert/idcrypt"
)

// testKeys is a fresh ID-number keyring for one test.
func testKeys(t testing.TB) *idcrypt.Keyring {
	t.Helper()
	k, err := idcrypt.New(idcrypt.NewKey())
	if err != nil {
		t.Fatal(err)
	}
	return k
}
