package certificates

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"skillcert"
	"skillcert/store"
)

// VerifyLimit throttles the public look-ups against enumeration: a client
// IP may make Lookups counted look-ups per window of Window. Windows are
// fixed, aligned to the clock (10:00, 10:10, …); each client's count is a
// counter document keyed by IP and window, incremented atomically, so the
// limit holds across server processes on MongoDB. A burst at a window's
// edge may reach twice the limit over one window's length, which is still
// far from enumerating numbers with names. Past windows are deleted by
// Purge.
type VerifyLimit struct {
	Lookups int
	Window  time.Duration
}

// DefaultVerifyLimit is 20 look-ups per 10 minutes and client IP: enough
// for an employer checking a handful of applicants by hand.
var DefaultVerifyLimit = VerifyLimit{Lookups: 20, Window: 10 * time.Minute}

// throttleDoc is one client's count in one window.
type throttleDoc struct {
	ID          string    `bson:"_id"`
	IP          string    `bson:"ip"`
	WindowStart time.Time `bson:"windowStart"`
	Count       int       `bson:"count"`
}

// window returns the key and the start of the client's current window.
func (s *Service) window(clientIP string) (string, time.Time) {
	if clientIP == "" {
		clientIP = "unknown"
	}
	start := s.now().Truncate(s.limit.Window).UTC()
	return clientIP + "|" + start.Format(time.RFC3339), start
}

func (s *Service) errLimited(start time.Time) error {
	end := start.Add(s.limit.Window)
	return skillcert.RateLimited(max(time.Second, end.Sub(s.now())), "查询过于频繁，请于 %s 后再试", end.In(shanghai).Format("15:04"))
}

// countLookup counts one look-up of the client and refuses it beyond the
// limit.
func (s *Service) countLookup(ctx context.Context, clientIP string) error {
	key, start := s.window(clientIP)
	var doc throttleDoc
	err := s.throttle.FindOneAndUpdate(ctx, byID(key),
		bsonD("$inc", bsonD("count", 1), "$setOnInsert", bsonD("ip", clientIP, "windowStart", start)),
		&doc, options.FindOneAndUpdate().SetUpsert(true).SetReturnDocument(options.After))
	if store.IsDuplicate(err) { // two first look-ups raced on MongoDB
		err = s.throttle.FindOneAndUpdate(ctx, byID(key), bsonD("$inc", bsonD("count", 1)),
			&doc, options.FindOneAndUpdate().SetReturnDocument(options.After))
	}
	if err != nil {
		return err
	}
	if doc.Count > s.limit.Lookups {
		return s.errLimited(start)
	}
	return nil
}

// checkLookups refuses a client that has used up its window, without
// counting.
func (s *Service) checkLookups(ctx context.Context, clientIP string) error {
	key, start := s.window(clientIP)
	var doc throttleDoc
	err := s.throttle.FindOne(ctx, byID(key), &doc)
	switch {
	case store.IsNotFound(err):
		return nil
	case err != nil:
		return err
	case doc.Count >= s.limit.Lookups:
		return s.errLimited(start)
	}
	return nil
}

// downloadRetention is how long the progress of a zip download is kept.
const downloadRetention = 24 * time.Hour

// Purge deletes past throttle windows and old download progress records
// (the embedded engine has no TTL indexes). Run it periodically.
func (s *Service) Purge(ctx context.Context) error {
	now := s.now()
	if _, err := s.throttle.DeleteMany(ctx, bsonD("windowStart", bsonD("$lt", now.Add(-s.limit.Window).UTC()))); err != nil {
		return fmt.Errorf("purge verification throttle: %w", err)
	}
	if _, err := s.downloads.DeleteMany(ctx, bsonD("updatedAt", bsonD("$lt", now.Add(-downloadRetention).UTC()))); err != nil {
		return fmt.Errorf("purge download progress: %w", err)
	}
	return nil
}
