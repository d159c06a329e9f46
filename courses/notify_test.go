package courses_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"skillcert"
	"skillcert/courses"
)

func TestMessagesListAndRead(t *testing.T) {
	f := newFixture(t)
	c := f.published(wzStaff, func(in *courses.CourseInput) { in.Capacity = 1 })
	p, q := f.person("WZ", "WZ01"), f.person("WZ", "WZ01")
	f.ok(f.svc.Enroll(f.ctx, trainee(p), c.ID))
	f.ok(f.svc.Enroll(f.ctx, trainee(q), c.ID))
	f.clock.Add(time.Minute)
	f.ok(f.svc.CancelEnrollment(f.ctx, trainee(p), c.ID, p, "")) // q is promoted
	page, err := f.svc.ListMessages(f.ctx, trainee(q), false, skillcert.PageRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != 2 || page.Items[0].Kind != courses.MessagePromoted || page.Items[1].Kind != courses.MessageWaitlisted ||
		page.Items[1].Body != "课程名额已满，您已进入候补名单，当前排第 1 位；有名额空出时将按顺序递补并通知您。" {
		t.Fatalf("q's messages: %+v", page.Items)
	}
	if n, _ := f.svc.UnreadCount(f.ctx, trainee(q)); n != 2 {
		t.Fatalf("unread = %d", n)
	}
	err = f.svc.MarkRead(f.ctx, trainee(p), page.Items[0].ID)
	wantErr(t, err, skillcert.ENOTFOUND, "消息不存在")
	if err := f.svc.MarkRead(f.ctx, trainee(q), page.Items[0].ID); err != nil {
		t.Fatal(err)
	}
	unread, err := f.svc.ListMessages(f.ctx, trainee(q), true, skillcert.PageRequest{})
	if err != nil || unread.Total != 1 || unread.Items[0].Kind != courses.MessageWaitlisted {
		t.Fatalf("unread after one read: %+v, %v", unread, err)
	}
	if n, err := f.svc.MarkAllRead(f.ctx, trainee(q)); err != nil || n != 1 {
		t.Fatalf("mark all read: %d, %v", n, err)
	}
	if n, _ := f.svc.UnreadCount(f.ctx, trainee(q)); n != 0 {
		t.Fatalf("unread after all read = %d", n)
	}
	pm := f.messages(p)
	if len(pm) != 2 || !hasMessage(pm, courses.MessageEnrolled) || !hasMessage(pm, courses.MessageCancelled) {
		t.Fatalf("p's messages: %+v", pm)
	}
}

// countingSender records how often each message was sent.
type countingSender struct {
	mu   sync.Mutex
	sent map[string]int
	fail bool
}

func (c *countingSender) Send(_ context.Context, m courses.Message) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.fail {
		return errors.New("gateway down")
	}
	c.sent[m.ID]++
	return nil
}

// TestDispatchSendsEachMessageOnce: two dispatchers running at once send
// every message exactly once.
func TestDispatchSendsEachMessageOnce(t *testing.T) {
	bothWays(t, func(t *testing.T, f *fixture) {
		c := f.published(wzStaff, func(in *courses.CourseInput) { in.Capacity = 20 })
		for range 20 {
			f.ok(f.svc.Enroll(f.ctx, trainee(f.person("WZ", "WZ01")), c.ID))
		}
		sender := &countingSender{sent: map[string]int{}}
		var wg sync.WaitGroup
		results := make([]courses.DispatchResult, 2)
		for i := range results {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var err error
				if results[i], err = f.svc.Dispatch(f.ctx, sender, 100); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if len(sender.sent) != 20 || results[0].Sent+results[1].Sent != 20 {
			t.Fatalf("sent %d distinct, dispatchers report %+v", len(sender.sent), results)
		}
		for id, n := range sender.sent {
			if n != 1 {
				t.Errorf("message %s sent %d times", id, n)
			}
		}
		if res, err := f.svc.Dispatch(f.ctx, sender, 100); err != nil || res.Sent != 0 {
			t.Fatalf("third run: %+v, %v", res, err)
		}
	})
}

func TestDispatchRetriesThenGivesUp(t *testing.T) {
	f := newFixture(t)
	c := f.published(wzStaff)
	f.ok(f.svc.Enroll(f.ctx, trainee(f.person("WZ", "WZ01")), c.ID))
	sender := &countingSender{sent: map[string]int{}, fail: true}
	for attempt := 1; attempt <= courses.MaxSendAttempts; attempt++ {
		res, err := f.svc.Dispatch(f.ctx, sender, 10)
		if err != nil || res.Failed != 1 {
			t.Fatalf("attempt %d: %+v, %v", attempt, res, err)
		}
		// Not tried again before its back-off has passed.
		if res, _ := f.svc.Dispatch(f.ctx, sender, 10); res.Failed+res.Sent != 0 {
			t.Fatalf("attempt %d retried at once", attempt)
		}
		f.clock.Add(time.Duration(attempt) * time.Minute)
	}
	sender.fail = false
	if res, err := f.svc.Dispatch(f.ctx, sender, 10); err != nil || res.Sent+res.Failed != 0 {
		t.Fatalf("a failed message was tried again: %+v, %v", res, err)
	}
	if err := (courses.LogSender{}).Send(f.ctx, courses.Message{ID: "m"}); err != nil {
		t.Fatal(err)
	}
}
