package courses

import (
	"context"
	"log/slog"
	"time"
)

// MessageKind says what a message is about.
type MessageKind string

// The kinds of message.
const (
	MessageEnrolled        MessageKind = "enrolled"         // 报名成功
	MessageWaitlisted      MessageKind = "waitlisted"       // 进入候补名单
	MessagePromoted        MessageKind = "promoted"         // 候补转正
	MessageCancelled       MessageKind = "cancelled"        // 报名已取消
	MessageSessionChanged  MessageKind = "session_changed"  // 课次变更
	MessageCourseCancelled MessageKind = "course_cancelled" // 课程取消
)

// Label is the kind's name in Chinese.
func (k MessageKind) Label() string {
	switch k {
	case MessageEnrolled:
		return "报名成功"
	case MessageWaitlisted:
		return "候补"
	case MessagePromoted:
		return "候补转正"
	case MessageCancelled:
		return "报名取消"
	case MessageSessionChanged:
		return "课次变更"
	case MessageCourseCancelled:
		return "课程取消"
	}
	return string(k)
}

// SendState is where a message is on its way out through a Sender.
type SendState string

// The send states. A message is written pending; a dispatcher claims it,
// sends it and marks it sent, or puts it back pending after a failure and
// gives up (failed) after MaxSendAttempts.
const (
	SendPending SendState = "pending"
	SendClaimed SendState = "claimed"
	SendSent    SendState = "sent"
	SendFailed  SendState = "failed"
)

// Message is an in-app message to a person, kept in the outbox: the person
// reads it in the app, and a dispatcher hands it to a Sender (a log by
// default, an SMS gateway later) exactly once.
type Message struct {
	ID        string      `bson:"_id" json:"id"`
	PersonID  string      `bson:"personId" json:"personId"`
	Kind      MessageKind `bson:"kind" json:"kind"`
	CourseID  string      `bson:"courseId" json:"courseId"`
	Title     string      `bson:"title" json:"title"`
	Body      string      `bson:"body" json:"body"`
	Read      bool        `bson:"read" json:"read"`
	ReadAt    time.Time   `bson:"readAt,omitempty" json:"readAt,omitzero"`
	CreatedAt time.Time   `bson:"createdAt" json:"createdAt"`
	SendState SendState   `bson:"sendState" json:"-"`
	// NextAttemptAt is when a dispatcher may next try the message.
	NextAttemptAt time.Time `bson:"nextAttemptAt" json:"-"`
	ClaimedBy     string    `bson:"claimedBy,omitempty" json:"-"`
	ClaimedAt     time.Time `bson:"claimedAt,omitempty" json:"-"`
	SentAt        time.Time `bson:"sentAt,omitempty" json:"-"`
	Attempts      int       `bson:"attempts" json:"-"`
	LastError     string    `bson:"lastError,omitempty" json:"-"`
}

// Sender delivers a message outside the app. Message.ID is stable, so a
// gateway that deduplicates by it never delivers a message twice even when
// a dispatcher crashed between sending and recording the send.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// LogSender is the default Sender: it writes each message to a log.
type LogSender struct {
	Log *slog.Logger // nil means slog.Default()
}

// Send logs the message.
func (l LogSender) Send(ctx context.Context, m Message) error {
	log := l.Log
	if log == nil {
		log = slog.Default()
	}
	log.InfoContext(ctx, "message", "id", m.ID, "person", m.PersonID, "kind", string(m.Kind), "title", m.Title)
	return nil
}
