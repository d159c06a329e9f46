package platform_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"skillcert"
	"skillcert/idcrypt"
	"skillcert/platform"
	"skillcert/store"
	"skillcert/store/storetest"
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

// TestStartSealsPlaintextRecordsOfEarlierVersions: a database written
// before ID numbers were encrypted (a plaintext idNumber field) is sealed
// at the first start: the number leaves the document, the person is found
// by it and revealed whole.
func TestStartSealsPlaintextRecordsOfEarlierVersions(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	number := "330483198503121011"
	legacy := bson.D{{Key: "_id", Value: "legacy-1"}, {Key: "name", Value: "沈建国"}, {Key: "idNumber", Value: number},
		{Key: "idMasked", Value: "330483********1011"}, {Key: "idSuffix", Value: "1011"}, {Key: "town", Value: "WZ"}, {Key: "village", Value: "WZ01"},
		{Key: "status", Value: "active"}}
	if err := db.Collection(store.CollPersons).InsertOne(ctx, legacy); err != nil {
		t.Fatal(err)
	}
	s, err := platform.New(ctx, db, platform.Options{JWTSecret: "platform-test-secret-0123456789-abcdef", BaseURL: "http://skillcert.test",
		IDKeys: testIDKeys(t)})
	if err != nil {
		t.Fatal(err)
	}
	var raw bson.M
	if err := db.Collection(store.CollPersons).FindOne(ctx, bson.D{{Key: "_id", Value: "legacy-1"}}, &raw); err != nil {
		t.Fatal(err)
	}
	if _, plain := raw["idNumber"]; plain || raw["idSealed"] == nil || raw["idHash"] == nil {
		t.Fatalf("after start: %v", raw)
	}
	city := &skillcert.Actor{AccountID: "city", Username: "admin", Role: skillcert.RoleCityAdmin}
	ids, err := s.Roster.PersonIDsByIDNumbers(ctx, city, []string{number})
	if err != nil || ids[number] != "legacy-1" {
		t.Fatalf("lookup: %v %v", ids, err)
	}
	wz := &skillcert.Actor{AccountID: "wz", Username: "wz_staff", Role: skillcert.RoleTownStaff, Town: "WZ"}
	if n, err := s.Roster.RevealIDNumber(skillcert.WithActor(ctx, wz), wz, "legacy-1"); err != nil || n != number {
		t.Errorf("reveal: %q %v", n, err)
	}
}

// TestConfiguredKeyMustIncludeTheKeyFile: a key set in the environment
// beside the embedded engine's key file must carry the file's key too.
func TestConfiguredKeyMustIncludeTheKeyFile(t *testing.T) {
	dir := t.TempDir()
	if _, err := platform.LoadIDKeys("", "", dir, true); err != nil { // creates the file
		t.Fatal(err)
	}
	fileKeys, err := idcrypt.ReadFile(filepath.Join(dir, idcrypt.KeyFile))
	if err != nil {
		t.Fatal(err)
	}
	other := idcrypt.EncodeKey(idcrypt.NewKey())
	if _, err := platform.LoadIDKeys(other, "", dir, true); err == nil || !strings.Contains(err.Error(), "SKILLCERT_ID_KEY_OLD") {
		t.Errorf("a configured key without the file's: %v", err)
	}
	if _, err := platform.LoadIDKeys(other, idcrypt.EncodeKey(fileKeys[0]), dir, true); err != nil {
		t.Errorf("the file's key as an old key: %v", err)
	}
	if _, err := platform.LoadIDKeys(other, "", dir, false); err != nil {
		t.Errorf("MongoDB ignores the data directory: %v", err)
	}
	if _, err := platform.LoadIDKeys("", "", dir, false); err == nil {
		t.Error("MongoDB without a key was accepted")
	}
}
