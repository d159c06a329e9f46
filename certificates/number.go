package certificates

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"skillcert"
	"skillcert/store"
)

// Certificate numbers read TX2026-WZ-000123: TX for 桐乡, the year of
// issue, the organizer's town code (CityCode for courses of the city
// bureau) and a sequence counted per year and town from 1. The sequence
// has at least six digits and more once a year and town pass 999,999.
// Numbers are unique; they may have gaps (a number drawn by a request that
// then lost a race or crashed is not reused).
const (
	numberPrefix = "TX"
	// CityCode stands for the city bureau (市级) in the numbers of its
	// courses; no town has this code.
	CityCode = "SJ"
)

// numberPattern matches a well-formed certificate number.
var numberPattern = regexp.MustCompile(`^TX\d{4}-[A-Z]{2,4}-\d{6,}$`)

// numberSeries is the part of a number before the sequence, which names
// its counter: TX2026-WZ.
func numberSeries(issued skillcert.Date, town string) string {
	if town == "" {
		town = CityCode
	}
	return numberPrefix + strconv.Itoa(issued.Year) + "-" + town
}

// formatNumber is the number with sequence seq in a series.
func formatNumber(series string, seq int64) string {
	return fmt.Sprintf("%s-%06d", series, seq)
}

// NormalizeNumber makes a typed number comparable: spaces dropped,
// full-width characters and lower case folded.
func NormalizeNumber(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == ' ' || r == '\t' || r == '\u3000':
			continue
		case r >= '！' && r <= '～': // full-width ASCII
			r -= 0xFEE0
		case r == '—' || r == '–' || r == '－':
			r = '-'
		}
		b.WriteRune(r)
	}
	return strings.ToUpper(b.String())
}

// ValidNumber reports whether s is a well-formed certificate number.
func ValidNumber(s string) bool { return numberPattern.MatchString(s) }

// counterID is the counter document of a series in store.CollCounters.
func counterID(series string) string { return "certificate-number:" + series }

// drawNumbers reserves n consecutive sequence numbers of a series with one
// atomic increment and returns the first. Concurrent callers get disjoint
// ranges.
func (s *Service) drawNumbers(ctx context.Context, series string, n int) (int64, error) {
	var doc struct {
		Seq int64 `bson:"seq"`
	}
	opts := options.FindOneAndUpdate().SetUpsert(true).SetReturnDocument(options.After)
	update := bson.D{{Key: "$inc", Value: bson.D{{Key: "seq", Value: int64(n)}}}}
	filter := bson.D{{Key: "_id", Value: counterID(series)}}
	err := s.counters.FindOneAndUpdate(ctx, filter, update, &doc, opts)
	if store.IsDuplicate(err) {
		// Two first upserts of a series raced on MongoDB; the document
		// exists now, so the retry increments it.
		err = s.counters.FindOneAndUpdate(ctx, filter, update, &doc, opts)
	}
	if err != nil {
		return 0, err
	}
	return doc.Seq - int64(n) + 1, nil
}

// tokenBytes is the size of a verification token: 128 random bits.
const tokenBytes = 16

// newToken returns a fresh verification token, 32 lower-case hex digits.
func newToken() string {
	b := make([]byte, tokenBytes)
	_, _ = rand.Read(b) // never fails: crypto/rand crashes the program instead
	return hex.EncodeToString(b)
}

// tokenPattern matches a well-formed token, so that malformed ones are
// refused without a database read.
var tokenPattern = regexp.MustCompile(`^[0-9a-f]{32}$`)
