package platform

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
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
//
// A configured key beside a key file of the embedded engine must include
// the file's keys (in SKILLCERT_ID_KEY or SKILLCERT_ID_KEY_OLD): what was
// sealed under them would otherwise neither open nor be found.
func LoadIDKeys(current, old, dataDir string, embedded bool) (*idcrypt.Keyring, error) {
	if !embedded {
		dataDir = ""
	}
	keys, err := idcrypt.Load(current, old, dataDir)
	if err != nil || current == "" || dataDir == "" {
		return keys, err
	}
	path := filepath.Join(dataDir, idcrypt.KeyFile)
	fileKeys, err := idcrypt.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return keys, nil
	}
	if err != nil {
		return nil, err
	}
	for _, k := range fileKeys {
		fk, err := idcrypt.New(k)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(keys.KeyIDs(), fk.KeyID()) {
			return nil, fmt.Errorf("SKILLCERT_ID_KEY is set, but the key file %s holds key %s, which is not configured: ID numbers sealed under it would not open; add that key (the file's line) to SKILLCERT_ID_KEY_OLD and run rotate-id-key, or unset SKILLCERT_ID_KEY", path, fk.KeyID())
		}
	}
	return keys, nil
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

// SchemaSteps is the whole ordered list of schema steps (schemaSteps):
// the store's, with the steps that need the keys or the domain. Commands that
// migrate or check a database's step level (restore, migrate-to) use it,
// so an archive taken by a server is known to them.
func SchemaSteps(keys *idcrypt.Keyring) []store.Step { return schemaSteps(keys) }
