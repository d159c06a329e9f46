package store

import (
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// restrictDataDir keeps the embedded engine's files to this process's
// user: the directory 0700 and every file 0600, including the database
// files (and their WAL and shared-memory files) SQLite creates later,
// which it makes with the process umask, set here to 077. The umask is
// process-wide; the server writes no other files that others should read.
func restrictDataDir(dir string) error {
	syscall.Umask(0o077)
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type()&fs.ModeSymlink != 0 {
			return nil
		}
		mode := os.FileMode(0o600)
		if d.IsDir() {
			mode = 0o700
		}
		return os.Chmod(path, mode)
	})
}
