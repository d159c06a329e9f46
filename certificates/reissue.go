package certificates

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"skillcert"
	"skillcert/auth"
	"skillcert/store"
)

// maxReasonRunes bounds a revocation or reissue reason.
const maxReasonRunes = 200

func reasonOf(field, label, s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", skillcert.Invalid(field, "请填写%s", label)
	}
	if n := utf8.RuneCountInString(s); n > maxReasonRunes {
		return "", skillcert.Invalid(field, "%s最多 %d 个字（现为 %d 个字）", label, maxReasonRunes, n)
	}
	return s, nil
}

// Revoke revokes a valid certificate (expired ones too) with a reason,
// which the public verification shows with the date. The certificate
// keeps its enrollment's slot, so no new one is issued for the enrollment
// by mistake.
func (s *Service) Revoke(ctx context.Context, a *skillcert.Actor, id, reason string) (*Certificate, error) {
	reason, err := reasonOf("reason", "撤销原因", reason)
	if err != nil {
		return nil, err
	}
	c, err := s.find(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := auth.CheckScope(a, c.Town, ""); err != nil {
		return nil, err
	}
	switch c.Status {
	case StatusRevoked:
		return nil, skillcert.Errorf(skillcert.ECONFLICT, "证书%s已于%s撤销", c.Number, dateText(skillcert.DateOf(c.RevokedAt)))
	case StatusSuperseded:
		return nil, skillcert.Errorf(skillcert.ECONFLICT, "证书%s已作废（已补发新证书%s），请对新证书操作", c.Number, c.ReplacedNumber)
	}
	now := s.now().UTC()
	res, err := s.certs.UpdateOne(ctx, bsonD("_id", c.ID, "status", StatusValid),
		set("status", StatusRevoked, "revokedAt", now, "revokedBy", a.AccountID, "revokeReason", reason))
	if err != nil {
		return nil, err
	}
	if res.MatchedCount == 0 {
		return nil, skillcert.Errorf(skillcert.ECONFLICT, "证书%s的状态刚被他人修改，请刷新后再试", c.Number)
	}
	c.Status, c.RevokedAt, c.RevokedBy, c.RevokeReason = StatusRevoked, now, a.AccountID, reason
	s.holderChanged(ctx, c.PersonID)
	s.record(ctx, a, ActionRevoke, c.ID, c.Number+" 原因："+reason)
	return c, nil
}

// Reissue replaces a valid certificate with a new one: a new number and
// token, today's issue date, the holder's and course's current facts (a
// corrected name prints corrected), and the old certificate's last day
// (reissuing does not extend validity). The old certificate shows as
// superseded, pointing to the new number.
//
// Without transactions the writes are ordered so that a crash between
// any two leaves a state that a retry or Repair completes: (1) the new
// certificate is inserted as pending, invisible and holding no slot;
// (2) the old one is retired, conditional on being valid, which frees the
// enrollment's slot and names its successor; (3) the new one takes the
// slot and becomes valid. Reissuing the old certificate again after a
// crash resumes at (3); of two concurrent reissues only one retires the
// old certificate, and the other deletes its pending one.
func (s *Service) Reissue(ctx context.Context, a *skillcert.Actor, id, reason string) (*Certificate, error) {
	reason, err := reasonOf("reason", "补发原因", reason)
	if err != nil {
		return nil, err
	}
	old, err := s.find(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := auth.CheckScope(a, old.Town, ""); err != nil {
		return nil, err
	}
	switch {
	case old.Status == StatusSuperseded:
		return s.resume(ctx, a, old)
	case old.Status == StatusRevoked:
		return nil, skillcert.Errorf(skillcert.ECONFLICT, "证书%s已于%s撤销，不能补发", old.Number, dateText(skillcert.DateOf(old.RevokedAt)))
	case old.StateOn(s.now()) == StateExpired:
		return nil, skillcert.Errorf(skillcert.ECONFLICT, "证书%s已于%s到期，不能补发；请参加复训后重新发证", old.Number, dateText(old.ValidUntil))
	}
	comp, err := s.source().CompletedEnrollment(ctx, old.EnrollmentID)
	if err != nil {
		return nil, err
	}
	n, err := s.build(comp, a)
	if err != nil {
		return nil, err
	}
	n.ValidUntil = old.ValidUntil
	n.Status, n.Slot, n.Supersedes, n.ReissueReason = StatusPending, "pending:"+n.ID, old.ID, reason
	if err := s.check(n); err != nil {
		return nil, err
	}
	series := numberSeries(n.IssueDate, n.Town)
	first, err := s.drawNumbers(ctx, series, 1)
	if err != nil {
		return nil, err
	}
	n.Number = formatNumber(series, first)
	if err := s.certs.InsertOne(ctx, n); err != nil { // (1)
		return nil, err
	}
	now := s.now().UTC()
	res, err := s.certs.UpdateOne(ctx, bsonD("_id", old.ID, "status", StatusValid, "slot", old.EnrollmentID), // (2)
		set("status", StatusSuperseded, "slot", "superseded:"+old.ID, "supersededBy", n.ID, "supersededAt", now,
			"reissueReason", reason, "replacedNumber", n.Number))
	if err != nil || res.MatchedCount == 0 {
		if _, derr := s.certs.DeleteOne(ctx, bsonD("_id", n.ID, "status", StatusPending)); derr != nil {
			s.log.Warn("pending reissue not deleted; the repair pass will", "certificate", n.ID, "err", derr)
		}
		if err != nil {
			return nil, err
		}
		return nil, skillcert.Errorf(skillcert.ECONFLICT, "证书%s的状态刚被他人修改，请刷新后再试", old.Number)
	}
	old.Status, old.SupersededBy, old.SupersededAt, old.ReplacedNumber = StatusSuperseded, n.ID, now, n.Number
	return s.activate(ctx, a, old, n) // (3)
}

// resume completes a reissue of old that stopped after (2), or reports
// that old was reissued already.
func (s *Service) resume(ctx context.Context, a *skillcert.Actor, old *Certificate) (*Certificate, error) {
	var n Certificate
	err := s.certs.FindOne(ctx, byID(old.SupersededBy), &n)
	if err != nil && !store.IsNotFound(err) {
		return nil, err
	}
	if err == nil && n.Status == StatusPending {
		return s.activate(ctx, a, old, &n)
	}
	return nil, skillcert.Errorf(skillcert.ECONFLICT, "证书%s已于%s补发，新证书编号%s", old.Number, dateText(skillcert.DateOf(old.SupersededAt)), old.ReplacedNumber)
}

// activate makes the pending successor n of old valid (step 3). If another
// certificate took the enrollment's freed slot meanwhile (an Issue between
// steps 2 and 3), that one stands: n is deleted and old points to it.
func (s *Service) activate(ctx context.Context, a *skillcert.Actor, old, n *Certificate) (*Certificate, error) {
	_, err := s.certs.UpdateOne(ctx, bsonD("_id", n.ID, "status", StatusPending),
		set("status", StatusValid, "slot", n.EnrollmentID))
	if err == nil {
		n.Status, n.Slot = StatusValid, n.EnrollmentID
		s.holderChanged(ctx, n.PersonID)
		s.record(ctx, a, ActionReissue, n.ID, "补发"+n.Number+"，取代"+old.Number+"，原因："+n.ReissueReason)
		return n, nil
	}
	if !store.IsDuplicate(err) {
		return nil, err
	}
	cur, err := s.current(ctx, n.EnrollmentID)
	if err != nil {
		return nil, err
	}
	if cur == nil {
		return nil, skillcert.Errorf(skillcert.ECONFLICT, "补发未完成，请稍后再试")
	}
	if _, err := s.certs.UpdateOne(ctx, byID(old.ID), set("supersededBy", cur.ID, "replacedNumber", cur.Number)); err != nil {
		return nil, err
	}
	if _, err := s.certs.DeleteOne(ctx, bsonD("_id", n.ID, "status", StatusPending)); err != nil {
		return nil, err
	}
	return cur, nil
}

// repairAge is how old a pending reissue must be before the repair pass
// takes it for abandoned: far longer than a reissue takes.
const repairAge = 5 * time.Minute

// Repair completes or removes reissues cut off by a crash: a pending
// certificate whose predecessor was retired in its favour becomes valid;
// one whose predecessor was not is deleted. It returns how many it fixed.
// Run it periodically (the server's housekeeping).
func (s *Service) Repair(ctx context.Context) (int, error) {
	var pending []Certificate
	err := s.certs.Find(ctx, bsonD("status", StatusPending, "createdAt", bsonD("$lt", s.now().Add(-repairAge).UTC())), &pending)
	if err != nil {
		return 0, err
	}
	fixed := 0
	for i := range pending {
		n := &pending[i]
		var old Certificate
		err := s.certs.FindOne(ctx, byID(n.Supersedes), &old)
		if err != nil && !store.IsNotFound(err) {
			return fixed, err
		}
		if err == nil && old.Status == StatusSuperseded && old.SupersededBy == n.ID {
			if _, err := s.activate(ctx, nil, &old, n); err != nil {
				return fixed, err
			}
		} else if _, err := s.certs.DeleteOne(ctx, bsonD("_id", n.ID, "status", StatusPending)); err != nil {
			return fixed, err
		}
		fixed++
	}
	return fixed, nil
}
