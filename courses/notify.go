package courses

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"skillcert"
	"skillcert/store"
)

// Dispatch settings.
const (
	// ClaimLease is how long a dispatcher may hold a claimed message; a
	// claim older than this is taken to be a crashed dispatcher's and
	// the message is offered again.
	ClaimLease = 5 * time.Minute
	// MaxSendAttempts is how often a message is tried before it is
	// marked failed.
	MaxSendAttempts = 5
	// retryBackoff is the wait before a failed message is tried again,
	// multiplied by the attempts made.
	retryBackoff = time.Minute
)

// newMessage builds a message for the outbox. id makes the write
// idempotent: a retried operation writes the same message once.
func newMessage(id, personID string, kind MessageKind, courseID, title, body string, now time.Time) Message {
	return Message{ID: id, PersonID: personID, Kind: kind, CourseID: courseID, Title: title, Body: body,
		CreatedAt: now.UTC(), SendState: SendPending, NextAttemptAt: now.UTC()}
}

// notify writes messages to the outbox. A message that cannot be written
// does not undo the change it reports, so failures are logged, not
// returned; a message written before (same ID) is skipped.
func (s *Service) notify(ctx context.Context, msgs ...Message) {
	if len(msgs) == 0 {
		return
	}
	docs := make([]any, len(msgs))
	for i := range msgs {
		docs[i] = msgs[i]
	}
	if _, err := s.messages.InsertMany(ctx, docs); err != nil && !store.IsDuplicate(err) {
		s.log.ErrorContext(ctx, "courses: write messages", "kind", string(msgs[0].Kind), "n", len(msgs), "err", err)
	}
}

// notifyEnrollment tells one person about their enrollment; the message ID
// is the enrollment's request and the kind, so a retry writes it once.
func (s *Service) notifyEnrollment(ctx context.Context, e *Enrollment, kind MessageKind, title, body string) {
	s.notify(ctx, newMessage("e:"+e.ID+":"+e.Attempt+":"+string(kind), e.PersonID, kind, e.CourseID, title, body, s.now()))
}

// notifyCourse tells everyone in the course with one of the statuses.
func (s *Service) notifyCourse(ctx context.Context, c *Course, kind MessageKind, title, body string, now time.Time, statuses ...EnrollmentStatus) {
	list, err := s.courseEnrollments(ctx, c.ID, statuses...)
	if err != nil {
		s.log.ErrorContext(ctx, "courses: list recipients", "course", c.ID, "err", err)
		return
	}
	batch := skillcert.NewID()
	msgs := make([]Message, 0, len(list))
	for _, e := range list {
		msgs = append(msgs, newMessage("c:"+batch+":"+e.PersonID, e.PersonID, kind, c.ID, title, body, now))
	}
	s.notify(ctx, msgs...)
}

// ListMessages lists the acting person's messages, newest first.
func (s *Service) ListMessages(ctx context.Context, a *skillcert.Actor, unreadOnly bool, page skillcert.PageRequest) (skillcert.Page[Message], error) {
	if a == nil || a.PersonID == "" {
		return skillcert.NewPage[Message](nil, 0, page), nil
	}
	q := bson.D{{Key: "personId", Value: a.PersonID}}
	if unreadOnly {
		q = append(q, bson.E{Key: "read", Value: false})
	}
	var items []Message
	opts := options.Find().SetSort(bson.D{{Key: "createdAt", Value: -1}, {Key: "_id", Value: 1}}).SetSkip(page.Skip()).SetLimit(page.Limit())
	if err := s.messages.Find(ctx, q, &items, opts); err != nil {
		return skillcert.Page[Message]{}, err
	}
	total, err := s.messages.Count(ctx, q)
	if err != nil {
		return skillcert.Page[Message]{}, err
	}
	return skillcert.NewPage(items, total, page), nil
}

// UnreadCount is the number of the acting person's unread messages.
func (s *Service) UnreadCount(ctx context.Context, a *skillcert.Actor) (int64, error) {
	if a == nil || a.PersonID == "" {
		return 0, nil
	}
	return s.messages.Count(ctx, bson.D{{Key: "personId", Value: a.PersonID}, {Key: "read", Value: false}})
}

// MarkRead marks one of the acting person's messages read.
func (s *Service) MarkRead(ctx context.Context, a *skillcert.Actor, id string) error {
	if a == nil || a.PersonID == "" {
		return skillcert.Errorf(skillcert.ENOTFOUND, "消息不存在")
	}
	// Read by key, then written by key: a message never changes hands,
	// and a filter of _id alone is indexed on both engines.
	var m Message
	if err := s.messages.FindOne(ctx, byID(id), &m); err != nil || m.PersonID != a.PersonID {
		if err == nil || store.IsNotFound(err) {
			return skillcert.Errorf(skillcert.ENOTFOUND, "消息不存在")
		}
		return err
	}
	if m.Read {
		return nil
	}
	_, err := s.messages.UpdateOne(ctx, byID(id), set(bsonE("read", true), bsonE("readAt", s.now().UTC())))
	return err
}

// MarkAllRead marks every message of the acting person read and returns
// how many were unread.
func (s *Service) MarkAllRead(ctx context.Context, a *skillcert.Actor) (int64, error) {
	if a == nil || a.PersonID == "" {
		return 0, nil
	}
	res, err := s.messages.UpdateMany(ctx, bson.D{{Key: "personId", Value: a.PersonID}, {Key: "read", Value: false}},
		set(bson.E{Key: "read", Value: true}, bson.E{Key: "readAt", Value: s.now().UTC()}))
	if err != nil {
		return 0, err
	}
	return res.ModifiedCount, nil
}

// DispatchResult counts what one Dispatch run did.
type DispatchResult struct {
	Sent   int // handed to the sender
	Failed int // the sender refused; retried later or given up
}

// Dispatch hands up to limit undelivered messages to the sender, oldest
// first. Each message is claimed by one conditional write before it is
// sent, so two dispatchers (two servers, or a timer and an admin's
// button) never send one message twice. A dispatcher that dies holding
// claims loses them after ClaimLease; a message it had already sent is
// then offered again, with the same ID for the gateway to deduplicate.
func (s *Service) Dispatch(ctx context.Context, sender Sender, limit int) (DispatchResult, error) {
	var out DispatchResult
	if limit <= 0 {
		return out, nil
	}
	now := s.now().UTC()
	if _, err := s.messages.UpdateMany(ctx,
		bson.D{{Key: "sendState", Value: SendClaimed}, {Key: "claimedAt", Value: bson.D{{Key: "$lt", Value: now.Add(-ClaimLease)}}}},
		set(bson.E{Key: "sendState", Value: SendPending})); err != nil {
		return out, err
	}
	token := skillcert.NewID()
	for out.Sent+out.Failed < limit {
		// Read a batch of candidates, then claim each by key: of two
		// dispatchers reading the same batch, one wins each message.
		var batch []Message
		now = s.now().UTC()
		err := s.messages.Find(ctx, bsonD("sendState", SendPending, "nextAttemptAt", bsonD("$lte", now)), &batch,
			options.Find().SetSort(bsonD("nextAttemptAt", 1, "_id", 1)).SetLimit(int64(limit-out.Sent-out.Failed)))
		if err != nil {
			return out, err
		}
		claimedAny := false
		for _, m := range batch {
			claimed, err := s.updateIf(ctx, s.messages, m.ID, bsonD("sendState", SendPending),
				bsonD("$set", bsonD("sendState", SendClaimed, "claimedBy", token, "claimedAt", now),
					"$inc", bsonD("attempts", 1)))
			if err != nil {
				return out, err
			}
			if !claimed {
				continue
			}
			claimedAny = true
			m.Attempts++
			if err := s.deliver(ctx, sender, m, token, &out); err != nil {
				return out, err
			}
		}
		if len(batch) == 0 || !claimedAny {
			break
		}
	}
	return out, nil
}

// deliver sends one claimed message and records the outcome, conditional
// on the claim still being this dispatcher's.
func (s *Service) deliver(ctx context.Context, sender Sender, m Message, token string, out *DispatchResult) error {
	now := s.now().UTC()
	mine := bsonD("claimedBy", token, "sendState", SendClaimed)
	if sendErr := sender.Send(ctx, m); sendErr != nil {
		out.Failed++
		state := SendPending
		if m.Attempts >= MaxSendAttempts {
			state = SendFailed
		}
		_, err := s.updateIf(ctx, s.messages, m.ID, mine, set(bsonE("sendState", state),
			bsonE("lastError", sendErr.Error()),
			bsonE("nextAttemptAt", now.Add(time.Duration(m.Attempts)*retryBackoff))))
		return err
	}
	out.Sent++
	_, err := s.updateIf(ctx, s.messages, m.ID, mine, set(bsonE("sendState", SendSent), bsonE("sentAt", now)))
	return err
}
