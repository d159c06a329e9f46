package platform_test

import (
	"testing"

	"skillcert/idcrypt"
)

// testIDKeys is a fresh ID-number keyring for one test.
func testIDKeys(t testing.TB) *idcrypt.Keyring {
	t.Helper()
	k, err := idcrypt.New(idcrypt.NewKey())
	if err != nil {
		t.Fatal(err)
	}
	return k
}
