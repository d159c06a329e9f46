package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"

	"skillcert/idcrypt"
	"skillcert/roster"
	"skillcert/store"
)

// rotateIDKeyCommand is the command that re-encrypts every ID number
// under a new key: `skillcert rotate-id-key` (go run ./server rotate-id-key).
const rotateIDKeyCommand = "rotate-id-key"

// rotateIDKey re-encrypts every person's ID number under a new key and
// gives each the new key's lookup hash; the server must be stopped (the
// embedded engine refuses a second process).
//
// With the embedded engine and no SKILLCERT_ID_KEY it makes the new key
// itself: the key file gets the new key first and keeps the old ones
// until every record is re-encrypted, then holds the new key alone. An
// interrupted rotation leaves a key file that still opens everything; run
// the command again to finish.
//
// With SKILLCERT_ID_KEY (required with MONGODB_URI) the operator makes
// the new key: set SKILLCERT_ID_KEY to the new key and SKILLCERT_ID_KEY_OLD
// to the old one on every instance, run this command, then remove
// SKILLCERT_ID_KEY_OLD.
func rotateIDKey(ctx context.Context, args []string, getenv func(string) string, out io.Writer) error {
	cfg, err := LoadConfig(args, getenv)
	if err != nil {
		return err
	}
	log := newLogger(cfg, out)
	db, err := store.Open(ctx, store.Config{URI: cfg.MongoURI, Database: cfg.Database, DataDir: cfg.DataDir, Logger: log, ConnectTimeout: cfg.ConnectTimeout})
	if err != nil {
		return err
	}
	defer db.Close(context.Background())

	var keys *idcrypt.Keyring
	var keyFile string
	var newKey []byte
	switch {
	case cfg.IDKey != "":
		if keys, err = idcrypt.FromConfig(cfg.IDKey, cfg.IDKeysOld); err != nil {
			return err
		}
	case db.Embedded():
		keyFile = filepath.Join(cfg.DataDir, idcrypt.KeyFile)
		old, err := idcrypt.ReadFile(keyFile)
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("no key file %s: nothing was encrypted here yet (start the server once)", keyFile)
		}
		if err != nil {
			return err
		}
		newKey = idcrypt.NewKey()
		all := append([][]byte{newKey}, old...)
		if err := idcrypt.WriteFile(keyFile, all); err != nil {
			return fmt.Errorf("write the new key: %w", err)
		}
		if keys, err = idcrypt.New(newKey, old...); err != nil {
			return err
		}
	default:
		return errors.New("SKILLCERT_ID_KEY is not set")
	}

	res, err := roster.ResealIDNumbers(ctx, db, keys)
	if err != nil {
		return fmt.Errorf("re-encrypt ID numbers (run the command again to finish; every key is still kept): %w", err)
	}
	if keyFile != "" {
		if err := idcrypt.WriteFile(keyFile, [][]byte{newKey}); err != nil {
			return fmt.Errorf("drop the old keys from %s: %w", keyFile, err)
		}
	}
	fmt.Fprintf(out, "ID numbers now under key %s: %d persons, %d re-encrypted from an older key, %d plaintext sealed, %d already under this key\n",
		keys.KeyID(), res.Persons, res.Rotated, res.Plaintext, res.Current)
	if keyFile == "" && cfg.IDKeysOld != "" {
		fmt.Fprintln(out, "Every record is under SKILLCERT_ID_KEY: remove SKILLCERT_ID_KEY_OLD from every instance.")
	}
	return nil
}
