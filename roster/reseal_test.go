package roster

import (
	"context"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"skillcert/idcrypt"
)

// TestResealRotatesKeysAndSealsPlaintextRecords: persons sealed under the
// old key and a record from before encryption (plaintext idNumber) all end
// under the new key, found by the new key's hash and revealed by a
// keyring that no longer holds the old key; a second run changes nothing.
func TestResealRotatesKeysAndSealsPlaintextRecords(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	oldKey := idcrypt.NewKey()
	oldKeys, err := idcrypt.New(oldKey)
	if err != nil {
		t.Fatal(err)
	}
	f.svc.ids = oldKeys
	shen := f.create(wzStaff, input("沈建国", wzID["沈建国"]))
	f.create(wzStaff, input("蒋秀英", wzID["蒋秀英"]))
	legacyNumber := wzID["褚建明"]
	legacy := bson.D{{Key: "_id", Value: "legacy-1"}, {Key: "name", Value: "褚建明"}, {Key: "idNumber", Value: legacyNumber},
		{Key: "idMasked", Value: "masked"}, {Key: "town", Value: "WZ"}, {Key: "village", Value: "WZ01"}, {Key: "status", Value: "active"}}
	if err := f.svc.persons.InsertOne(ctx, legacy); err != nil {
		t.Fatal(err)
	}

	newKey := idcrypt.NewKey()
	rotating, err := idcrypt.New(newKey, oldKey)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ResealIDNumbers(ctx, f.db, rotating)
	if err != nil {
		t.Fatal(err)
	}
	if got != (Resealed{Persons: 3, Rotated: 2, Plaintext: 1}) {
		t.Errorf("first run %+v", got)
	}
	again, err := ResealIDNumbers(ctx, f.db, rotating)
	if err != nil || again != (Resealed{Persons: 3, Current: 3}) {
		t.Errorf("second run %+v, %v", again, err)
	}

	// Only the new key from now on.
	only, _ := idcrypt.New(newKey)
	svc := NewService(f.db, f.svc.audit, f.svc.orgs, f.auth, only)
	var raw []bson.M
	if err := f.svc.persons.Find(ctx, bson.D{{Key: "town", Value: "WZ"}}, &raw); err != nil {
		t.Fatal(err)
	}
	for _, d := range raw {
		if _, ok := d["idNumber"]; ok {
			t.Errorf("%v still holds a plaintext number", d["name"])
		}
		if idcrypt.SealedUnder(d["idSealed"].(string)) != only.KeyID() {
			t.Errorf("%v sealed under %s", d["name"], idcrypt.SealedUnder(d["idSealed"].(string)))
		}
	}
	n, err := svc.RevealIDNumber(ctxAs(wzStaff), wzStaff, shen.ID)
	if err != nil || n != wzID["沈建国"] {
		t.Errorf("reveal after rotation: %q, %v", n, err)
	}
	ids, err := svc.PersonIDsByIDNumbers(ctx, wzStaff, []string{legacyNumber, wzID["蒋秀英"]})
	if err != nil || ids[legacyNumber] != "legacy-1" || len(ids) != 2 {
		t.Errorf("lookup after rotation: %v, %v", ids, err)
	}
	if _, err := ResealIDNumbers(ctx, f.db, oldKeys); err == nil {
		t.Error("the old keyring alone resealed values under the new key")
	}
}
