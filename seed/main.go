// Command seed loads the reference data and the demo data set through
// the platform's services. It is idempotent; -reset empties the embedded
// database first. It reads the same environment as the server
// (MONGODB_URI, SKILLCERT_DB, SKILLCERT_DATA_DIR, SKILLCERT_JWT_SECRET,
// SKILLCERT_ID_KEY).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"strings"
	"time"

	"skillcert/demo"
	"skillcert/keys"
	"skillcert/platform"
	"skillcert/store"
)

func main() {
	if err := run(os.Args[1:], os.Getenv); err != nil {
		fmt.Fprintln(os.Stderr, "seed:", err)
		os.Exit(1)
	}
}

func run(args []string, getenv func(string) string) error {
	env := func(k, def string) string {
		if v := strings.TrimSpace(getenv(k)); v != "" {
			return v
		}
		return def
	}
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	reset := fs.Bool("reset", false, "empty the embedded database before loading (refused with MONGODB_URI)")
	dataDir := fs.String("data", env("SKILLCERT_DATA_DIR", "./data"), "data directory of the embedded database")
	if err := fs.Parse(args); err != nil {
		return err
	}
	uri := env("MONGODB_URI", "")
	if *reset && uri != "" {
		return errors.New("-reset only empties the embedded database; drop a MongoDB database by hand")
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	db, err := store.Open(ctx, store.Config{URI: uri, Database: env("SKILLCERT_DB", "skillcert"), DataDir: *dataDir, Logger: log})
	if err != nil {
		return err
	}
	defer db.Close(context.Background())
	if *reset {
		if err := db.Drop(ctx); err != nil {
			return fmt.Errorf("reset: %w", err)
		}
		log.Info("emptied the embedded database")
	}
	// The seed signs nothing, but the services derive their keys from the
	// master secret: the configured one, or the embedded data directory's.
	secret := env("SKILLCERT_JWT_SECRET", "")
	if secret == "" {
		if uri != "" {
			return errors.New("SKILLCERT_JWT_SECRET is required with MONGODB_URI")
		}
		key, _, err := keys.LoadOrCreate(*dataDir, keys.SigningKey)
		if err != nil {
			return err
		}
		secret = string(key)
	}
	idKeys, err := platform.LoadIDKeys(env("SKILLCERT_ID_KEY", ""), env("SKILLCERT_ID_KEY_OLD", ""), *dataDir, db.Embedded())
	if err != nil {
		return err
	}
	s, err := platform.New(ctx, db, platform.Options{JWTSecret: secret, BaseURL: env("SKILLCERT_BASE_URL", "http://localhost:8080"), IDKeys: idKeys})
	if err != nil {
		return err
	}
	password, where, err := demoPassword(env(demo.PasswordEnv, ""), *dataDir, db.Embedded())
	if err != nil {
		return err
	}
	start := time.Now()
	if err := demo.Load(ctx, s, password); err != nil {
		return err
	}
	log.Info("demo data loaded", "took", time.Since(start).Round(time.Millisecond).String())
	for _, l := range demo.Logins {
		fmt.Printf("%-14s %s\n", l.Role, l.Username)
	}
	fmt.Printf("新建的演示账号的密码%s；已存在的账号密码不变。\n", where)
	return nil
}

// demoPassword is the password for the demo accounts the seed creates:
// the configured one, else the embedded data directory's (shared with
// the server, created at random the first time), else a new random one,
// printed once.
func demoPassword(configured, dataDir string, embedded bool) (password, where string, err error) {
	switch {
	case configured != "":
		return configured, "是 " + demo.PasswordEnv + " 的值", nil
	case embedded:
		password, err = demo.ReadPassword(dataDir)
		if errors.Is(err, fs.ErrNotExist) {
			password, err = demo.CreatePassword(dataDir)
		}
		return password, "保存在 " + demo.PasswordFile(dataDir) + "（仅本机用户可读）", err
	}
	password = demo.NewPassword()
	return password, "是 " + password + "（只显示这一次）", nil
}
