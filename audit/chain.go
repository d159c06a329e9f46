package audit

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
	"strconv"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"skillcert"
	"skillcert/store"
)

// The audit chain. Every entry holds a sequence number, the previous
// entry's hash and its own hash over its content and that previous hash,
// so that an edited, deleted or reordered entry breaks the chain at that
// point. The hashes are keyed (HMAC-SHA256 with a key derived from the
// master secret, which is not in the database), so whoever can write to
// the database cannot rebuild a consistent chain after a change.
//
// Appending is safe with several instances: the sequence numbers are
// unique (a unique index on seq), an entry is inserted at head+1 and the
// insert fails if another instance took that number first; the appender
// then moves to the other's entry and tries again. The head (the last
// sequence number and hash) is kept in the counters collection as a
// shortcut; it may lag behind after a crash between the insert and its
// update, which the next append repairs the same way.

// headID is the counters document holding the chain's head.
const headID = "audit-chain"

type head struct {
	ID   string `bson:"_id"`
	Seq  int64  `bson:"seq"`
	Hash string `bson:"hash"`
}

// entryHash is the hash of an entry's content and its previous hash:
// every field, each length-prefixed, in a fixed order; times in
// milliseconds (what the database keeps).
func (l *Log) entryHash(e *Entry) string {
	var h hash.Hash
	if len(l.key) > 0 {
		h = hmac.New(sha256.New, l.key)
	} else {
		h = sha256.New()
	}
	var n [8]byte
	write := func(s string) {
		binary.BigEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		h.Write([]byte(s))
	}
	for _, f := range []string{"skillcert-audit-v1", strconv.FormatInt(e.Seq, 10), e.Prev, e.ID,
		strconv.FormatInt(e.At.UnixMilli(), 10), e.ActorID, e.ActorName, e.Role, e.Town, e.Village, e.IP,
		e.Action, e.TargetType, e.TargetID, e.Result, e.Detail} {
		write(f)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// readHead returns the chain's head as recorded (zero when none).
func (l *Log) readHead(ctx context.Context) (head, error) {
	var h head
	err := l.counters.FindOne(ctx, bson.D{{Key: "_id", Value: headID}}, &h)
	if store.IsNotFound(err) {
		return head{ID: headID}, nil
	}
	return h, err
}

// moveHead records a newer head; an older or equal one is left alone.
func (l *Log) moveHead(ctx context.Context, seq int64, hash string) error {
	_, err := l.counters.UpdateOne(ctx, bson.D{{Key: "_id", Value: headID}, {Key: "seq", Value: bson.D{{Key: "$lt", Value: seq}}}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "seq", Value: seq}, {Key: "hash", Value: hash}}}},
		options.UpdateOne().SetUpsert(true))
	if store.IsDuplicate(err) {
		return nil // the head is already at or past seq
	}
	return err
}

// entryAt reads the entry with a sequence number.
func (l *Log) entryAt(ctx context.Context, seq int64) (*Entry, error) {
	var e Entry
	if err := l.coll.FindOne(ctx, bson.D{{Key: "seq", Value: seq}}, &e); err != nil {
		return nil, err
	}
	return &e, nil
}

// maxAppendTries bounds the retries of an append that other instances
// keep overtaking.
const maxAppendTries = 50

// appendBatch bounds the entries inserted by one command.
const appendBatch = 50

// appendEntries chains the entries after the head and inserts them in
// order.
func (l *Log) appendEntries(ctx context.Context, entries []Entry) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	for try := 0; len(entries) > 0; try++ { // try counts conflicts, not batches
		if try == maxAppendTries {
			return skillcert.Errorf(skillcert.EUNAVAILABLE, "审计日志写入冲突过多，请稍后再试")
		}
		h, err := l.readHead(ctx)
		if err != nil {
			return err
		}
		seq, prev := h.Seq, h.Hash
		batch := entries[:min(len(entries), appendBatch)]
		docs := make([]any, len(batch))
		for i := range batch {
			seq++
			batch[i].Seq, batch[i].Prev = seq, prev
			batch[i].Hash = l.entryHash(&batch[i])
			prev = batch[i].Hash
			docs[i] = batch[i]
		}
		var n int
		if len(docs) == 1 {
			if err = l.coll.InsertOne(ctx, docs[0]); err == nil {
				n = 1
			}
		} else {
			n, err = l.coll.InsertOrdered(ctx, docs)
		}
		if n > 0 {
			last := batch[n-1]
			if merr := l.moveHead(ctx, last.Seq, last.Hash); merr != nil {
				return merr
			}
			entries = entries[n:]
		}
		if err == nil {
			try--
			continue
		}
		if !store.IsDuplicate(err) {
			return err
		}
		// Another instance (or an append cut off before it moved the head)
		// holds the next number: move the head to it and try again.
		next, ferr := l.entryAt(ctx, h.Seq+int64(n)+1)
		if ferr != nil {
			if store.IsNotFound(ferr) {
				continue // a duplicate of another kind (the _id): new try
			}
			return ferr
		}
		if err := l.moveHead(ctx, next.Seq, next.Hash); err != nil {
			return err
		}
		for i := range entries {
			entries[i].ID = skillcert.NewID()
		}
	}
	return nil
}

// Verification is the outcome of checking the chain.
type Verification struct {
	OK bool `json:"ok"`
	// Checked is the number of chained entries checked; Legacy the
	// entries written before the chain existed (sequence numbers assigned
	// by schema step 30, no hash), which the chain cannot vouch for.
	Checked int64 `json:"checked"`
	Legacy  int64 `json:"legacy"`
	// HeadSeq is the last sequence number recorded.
	HeadSeq int64 `json:"headSeq"`
	// BrokenSeq is the sequence number where the chain first breaks,
	// BrokenID the entry found there (if any), Reason what is wrong, in
	// Chinese.
	BrokenSeq int64  `json:"brokenSeq,omitempty"`
	BrokenID  string `json:"brokenId,omitempty"`
	Reason    string `json:"reason,omitempty"`
	// CheckedAt is when the check ran.
	CheckedAt time.Time `json:"checkedAt"`
}

// Verify walks the whole chain in sequence order and reports the first
// broken link: a changed entry (its hash does not match its content), a
// missing one (a gap in the sequence, or a hash that does not link to the
// previous entry's) or a reordered one (both), and entries missing at the
// end (the head names a later entry than the last one found).
func (l *Log) Verify(ctx context.Context) (*Verification, error) {
	v := &Verification{CheckedAt: l.now().UTC()}
	h, err := l.readHead(ctx)
	if err != nil {
		return nil, err
	}
	v.HeadSeq = h.Seq
	cur, err := l.coll.Cursor(ctx, bson.D{{Key: "seq", Value: bson.D{{Key: "$gt", Value: 0}}}},
		options.Find().SetSort(bson.D{{Key: "seq", Value: 1}}))
	if err != nil {
		return nil, err
	}
	defer cur.Close(ctx)
	var want int64 = 1
	prev := ""
	chained := false
	broken := func(seq int64, id, reason string) (*Verification, error) {
		v.BrokenSeq, v.BrokenID, v.Reason = seq, id, reason
		return v, nil
	}
	for cur.Next(ctx) {
		var e Entry
		if err := cur.Decode(&e); err != nil {
			return nil, err
		}
		if e.Seq != want {
			if e.Seq < want {
				return broken(e.Seq, e.ID, fmt.Sprintf("第 %d 条记录重复出现（顺序被改动）", e.Seq))
			}
			return broken(want, "", fmt.Sprintf("缺少第 %d 条记录（被删除）", want))
		}
		switch {
		case e.Hash == "" && !chained:
			v.Legacy++
		case e.Hash == "":
			return broken(e.Seq, e.ID, fmt.Sprintf("第 %d 条记录没有哈希（被替换）", e.Seq))
		default:
			if chained && e.Prev != prev {
				return broken(e.Seq, e.ID, fmt.Sprintf("第 %d 条记录与前一条衔接不上（前一条被修改、删除或顺序被改动）", e.Seq))
			}
			if l.entryHash(&e) != e.Hash {
				return broken(e.Seq, e.ID, fmt.Sprintf("第 %d 条记录的内容与其哈希不符（被修改）", e.Seq))
			}
			chained = true
			v.Checked++
		}
		prev = e.Hash
		want++
	}
	if err := cur.Err(); err != nil {
		return nil, err
	}
	if last := want - 1; last < h.Seq {
		return broken(last+1, "", fmt.Sprintf("末尾缺少第 %d 至第 %d 条记录（被删除）", last+1, h.Seq))
	}
	v.OK = true
	return v, nil
}
