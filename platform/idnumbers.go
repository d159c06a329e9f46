package platform

import (
	"context"
	"slices"

	"skillcert/idcrypt"
	"skillcert/roster"
	"skillcert/store"
)

// LoadIDKeys returns the keys that seal resident ID numbers:
// SKILLCERT_ID_KEY (base64 of 32 bytes) and, during a rotation,
// SKILLCERT_ID_KEY_OLD (the previous keys, comma-separated); with the
// embedded engine and no key configured, the key file
// <dataDir>/keys/idnumber.key, created (0600) on first start. A MongoDB
// deployment (embedded false) must configure its key.
func LoadIDKeys(current, old, dataDir string, embedded bool) (*idcrypt.Keyring, error) {
	if !embedded {
		dataDir = ""
	}
	return idcrypt.Load(current, old, dataDir)
}

// sealStepID is the schema step sealing the plaintext ID numbers of
// records written before numbers were encrypted (iddata's range 40–49).
const sealStepID = 41

// withIDNumberSteps adds to the schema steps the one that needs the keys:
// sealing plaintext ID numbers, before the declared indexes (the unique
// idHash index) are ensured.
func withIDNumberSteps(steps []store.Step, keys *idcrypt.Keyring) []store.Step {
	seal := store.Step{ID: sealStepID, Name: "seal the plaintext ID numbers of persons (AES-256-GCM, idHash lookup)",
		Apply: func(ctx context.Context, db *store.DB) error {
			_, err := roster.ResealIDNumbers(ctx, db, keys)
			return err
		}}
	out := slices.Clone(steps)
	i := slices.IndexFunc(out, func(s store.Step) bool { return s.ID > sealStepID })
	if i < 0 {
		i = len(out)
	}
	return slices.Insert(out, i, seal)
}
