// Package audit is the append-only audit trail: who (account, role, org
// unit, client IP) did what to which record, when, with what result.
package audit

import (
	"context"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"skillcert"
	"skillcert/store"
)

// Results of an audited action.
const (
	ResultOK     = "ok"
	ResultDenied = "denied"
	ResultFailed = "failed"
)

// Entry is one line of the audit trail.
type Entry struct {
	ID         string    `bson:"_id" json:"id"`
	Seq        int64     `bson:"seq" json:"seq"`   // position in the chain, from 1 (chain.go)
	Prev       string    `bson:"prev" json:"prev"` // the previous entry's hash
	Hash       string    `bson:"hash" json:"hash"` // over this entry's content and Prev`
	At         time.Time `bson:"at" json:"at"`
	ActorID    string    `bson:"actorId" json:"actorId"`
	ActorName  string    `bson:"actorName" json:"actorName"`
	Role       string    `bson:"role" json:"role"`
	Town       string    `bson:"town" json:"town,omitempty"`
	Village    string    `bson:"village" json:"village,omitempty"`
	IP         string    `bson:"ip" json:"ip"`
	Action     string    `bson:"action" json:"action"`
	TargetType string    `bson:"targetType" json:"targetType"`
	TargetID   string    `bson:"targetId" json:"targetId"`
	Result     string    `bson:"result" json:"result"`
	Detail     string    `bson:"detail" json:"detail,omitempty"`
}

// Log writes and reads the audit trail.
type Log struct {
	coll     *store.Collection
	counters *store.Collection
	now      func() time.Time
	// key keys the chain's hashes (HMAC-SHA256); without one they are
	// plain SHA-256 (chain.go).
	key []byte
	mu  sync.Mutex
}

// NewLog returns the audit log of a database.
func NewLog(db *store.DB) *Log {
	return &Log{coll: db.Collection(store.CollAudit), counters: db.Collection(store.CollCounters), now: time.Now}
}

// SetKey sets the key of the chain's hashes (derived from the master
// secret for this purpose); set it before the first entry is written.
func (l *Log) SetKey(key []byte) { l.key = key }

// Record appends one entry for the actor in ctx (or the anonymous caller).
func (l *Log) Record(ctx context.Context, action, targetType, targetID, result, detail string) error {
	e := l.entry(ctx, skillcert.ActorFrom(ctx), l.now().UTC(), Item{Action: action, TargetType: targetType,
		TargetID: targetID, Result: result, Detail: detail})
	return l.appendEntries(ctx, []Entry{e})
}

// Item is one action of a batch recorded with RecordMany.
type Item struct {
	Action, TargetType, TargetID, Result, Detail string
}

// RecordMany appends the entries of a batch (an import) for one actor in
// one command; they read exactly like entries written by Record.
func (l *Log) RecordMany(ctx context.Context, a *skillcert.Actor, items []Item) error {
	if len(items) == 0 {
		return nil
	}
	at := l.now().UTC()
	entries := make([]Entry, len(items))
	for i, it := range items {
		entries[i] = l.entry(ctx, a, at, it)
	}
	return l.appendEntries(ctx, entries)
}

// entry fills in who did it: the actor's account, role, org unit and IP,
// or the anonymous caller's IP.
func (l *Log) entry(ctx context.Context, a *skillcert.Actor, at time.Time, it Item) Entry {
	e := Entry{ID: skillcert.NewID(), At: at.Truncate(time.Millisecond), Action: it.Action, TargetType: it.TargetType, TargetID: it.TargetID,
		Result: it.Result, Detail: it.Detail}
	if a != nil {
		e.ActorID, e.ActorName, e.Role = a.AccountID, a.Username, string(a.Role)
		e.Town, e.Village, e.IP = a.Town, a.Village, a.IP
	}
	if e.IP == "" {
		e.IP = IPFrom(ctx)
	}
	return e
}

// RecordAs appends an entry for an explicit actor (e.g. a login, before
// the caller has a session).
func (l *Log) RecordAs(ctx context.Context, a *skillcert.Actor, action, targetType, targetID, result, detail string) error {
	return l.Record(skillcert.WithActor(ctx, a), action, targetType, targetID, result, detail)
}

// Filter narrows a listing of the trail; every set field applies.
// From and To bound the time (To exclusive).
type Filter struct {
	ActorID   string
	ActorName string // the actor's login name
	TargetID  string
	Action    string
	From, To  time.Time
}

// List returns a page of entries, newest first.
func (l *Log) List(ctx context.Context, f Filter, page skillcert.PageRequest) (skillcert.Page[Entry], error) {
	q := bson.D{}
	if f.ActorID != "" {
		q = append(q, bson.E{Key: "actorId", Value: f.ActorID})
	}
	if f.ActorName != "" {
		q = append(q, bson.E{Key: "actorName", Value: f.ActorName})
	}
	if f.TargetID != "" {
		q = append(q, bson.E{Key: "targetId", Value: f.TargetID})
	}
	if f.Action != "" {
		q = append(q, bson.E{Key: "action", Value: f.Action})
	}
	if !f.From.IsZero() || !f.To.IsZero() {
		r := bson.D{}
		if !f.From.IsZero() {
			r = append(r, bson.E{Key: "$gte", Value: f.From.UTC()})
		}
		if !f.To.IsZero() {
			r = append(r, bson.E{Key: "$lt", Value: f.To.UTC()})
		}
		q = append(q, bson.E{Key: "at", Value: r})
	}
	var items []Entry
	opts := options.Find().SetSort(bson.D{{Key: "at", Value: -1}, {Key: "seq", Value: -1}}).SetSkip(page.Skip()).SetLimit(page.Limit())
	if err := l.coll.Find(ctx, q, &items, opts); err != nil {
		return skillcert.Page[Entry]{}, err
	}
	total, err := l.coll.Count(ctx, q)
	if err != nil {
		return skillcert.Page[Entry]{}, err
	}
	return skillcert.NewPage(items, total, page), nil
}

type ipKey struct{}

// WithIP records the client IP of an anonymous caller in ctx.
func WithIP(ctx context.Context, ip string) context.Context {
	return context.WithValue(ctx, ipKey{}, ip)
}

// IPFrom returns the client IP recorded in ctx.
func IPFrom(ctx context.Context) string {
	s, _ := ctx.Value(ipKey{}).(string)
	return s
}
