package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"

	"skillcert/audit"
	"skillcert/keys"
	"skillcert/platform"
	"skillcert/store"
)

// errAuditBroken is the outcome of -verify-audit on a broken chain (the
// command exits 1).
var errAuditBroken = errors.New("the audit chain is broken")

// verifyAudit is `server -verify-audit`: it checks the audit trail's hash
// chain with the configured secret (or the data directory's key file) and
// prints the first broken link. With the embedded engine the server must
// be stopped first (one process owns the engine); the auditor's page
// /audit/verify runs the same check on a live server.
func verifyAudit(ctx context.Context, cfg Config, log *slog.Logger, out io.Writer) error {
	secret := cfg.JWTSecret
	if secret == "" {
		key, _, err := keys.LoadOrCreate(cfg.DataDir, keys.SigningKey)
		if err != nil {
			return err
		}
		secret = string(key)
	}
	db, err := store.Open(ctx, store.Config{URI: cfg.MongoURI, Database: cfg.Database, DataDir: cfg.DataDir, Logger: log, ConnectTimeout: cfg.ConnectTimeout})
	if err != nil {
		return err
	}
	defer db.Close(context.Background())
	l := audit.NewLog(db)
	l.SetKey(platform.DerivedSecret(secret, keys.PurposeAudit))
	v, err := l.Verify(ctx)
	if err != nil {
		return err
	}
	if v.OK {
		fmt.Fprintf(out, "审计日志完整：已校验 %d 条链接记录（另有 %d 条启用哈希链之前的历史记录），最后一条序号 %d。\n", v.Checked, v.Legacy, v.HeadSeq)
		return nil
	}
	fmt.Fprintf(out, "审计日志在第 %d 条处断裂：%s（该位置记录编号 %q；之前 %d 条校验无误）\n", v.BrokenSeq, v.Reason, v.BrokenID, v.Checked)
	return errAuditBroken
}
