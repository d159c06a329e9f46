package roster

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"skillcert"
	"skillcert/audit"
	"skillcert/auth"
)

// One-time activation codes (激活码). A resident already in the register
// links a self-registered account to their record only with a code that
// their village or town office hands over in person (or prints on the
// enrollment slip): knowing someone's ID number and name is not enough.
// A code is shown once to the staff member who issues it, kept only as a
// keyed hash, expires after ActivationLifetime, is used at most once, and
// a new code replaces the person's earlier ones. Issuing and using are
// audited.

// ActivationLifetime is how long an issued code stays valid.
const ActivationLifetime = 14 * 24 * time.Hour

// activationAlphabet has no characters easily confused (0/O, 1/I).
const activationAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"

// activationLen is the code's length: 32^10 = 2^50 codes, against the
// registration throttle of a few attempts per hour per number.
const activationLen = 10

// ActivationCode is an issued code, returned once.
type ActivationCode struct {
	Code       string    `json:"code"`
	PersonID   string    `json:"personId"`
	PersonName string    `json:"personName"`
	ExpiresAt  time.Time `json:"expiresAt"`
}

// activationDoc is a stored code: its keyed hash, never the code.
type activationDoc struct {
	ID        string    `bson:"_id"` // HMAC-SHA256 of the code
	PersonID  string    `bson:"personId"`
	Town      string    `bson:"town"`
	Village   string    `bson:"village"`
	IssuedBy  string    `bson:"issuedBy"`
	CreatedAt time.Time `bson:"createdAt"`
	ExpiresAt time.Time `bson:"expiresAt"`
	Used      bool      `bson:"used"`
	UsedAt    time.Time `bson:"usedAt,omitempty"`
}

// SetActivationKey sets the key that hashes activation codes (derived
// from the master secret for this purpose).
func (s *Service) SetActivationKey(key []byte) { s.activationKey = key }

// normalizeActivationCode upper-cases a code and drops spaces and dashes.
func normalizeActivationCode(c string) string {
	c = strings.ToUpper(c)
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '\t' || r == '\u3000' {
			return -1
		}
		return r
	}, c)
}

func (s *Service) activationHash(code string) string {
	m := hmac.New(sha256.New, s.activationKey)
	m.Write([]byte(code))
	return hex.EncodeToString(m.Sum(nil))
}

// IssueActivationCode issues a new code for a confirmed person in the
// actor's scope who has no account yet.
func (s *Service) IssueActivationCode(ctx context.Context, a *skillcert.Actor, personID string) (*ActivationCode, error) {
	if err := requirePermission(a, auth.PermRosterManage); err != nil {
		return nil, err
	}
	if len(s.activationKey) == 0 {
		return nil, skillcert.Errorf(skillcert.EUNAVAILABLE, "激活码功能未配置")
	}
	p, err := s.reachable(ctx, a, personID)
	if err != nil {
		return nil, err
	}
	if err := s.checkWriteScope(a, p.Town, p.Village); err != nil {
		return nil, err
	}
	if p.Status != PersonActive {
		return nil, skillcert.Errorf(skillcert.ECONFLICT, "%s的登记尚待确认，请先确认登记", p.Name)
	}
	if s.accounts != nil {
		if acc, err := s.accounts.TraineeAccountOf(ctx, p.ID); err == nil {
			return nil, skillcert.Errorf(skillcert.ECONFLICT, "%s已有学员账号（登录名 %s）；忘记密码请在账号管理中重置", p.Name, acc.Username)
		} else if skillcert.ErrorCode(err) != skillcert.ENOTFOUND {
			return nil, err
		}
	}
	if _, err := s.activation.DeleteMany(ctx, bson.D{{Key: "personId", Value: p.ID}}); err != nil {
		return nil, err
	}
	b := make([]byte, activationLen)
	if _, err := rand.Read(b); err != nil {
		return nil, skillcert.Internal(err)
	}
	for i := range b {
		b[i] = activationAlphabet[int(b[i])%len(activationAlphabet)]
	}
	code := string(b)
	now := s.now().UTC()
	doc := activationDoc{ID: s.activationHash(code), PersonID: p.ID, Town: p.Town, Village: p.Village, IssuedBy: a.AccountID,
		CreatedAt: now, ExpiresAt: now.Add(ActivationLifetime)}
	if err := s.activation.InsertOne(ctx, doc); err != nil {
		return nil, err
	}
	if err := s.audit.Record(ctx, "person.activation_code", "person", p.ID, audit.ResultOK, "issued, expires "+doc.ExpiresAt.Format(time.RFC3339)); err != nil {
		return nil, err
	}
	return &ActivationCode{Code: code, PersonID: p.ID, PersonName: p.Name, ExpiresAt: doc.ExpiresAt}, nil
}

// useActivationCode marks a person's unexpired, unused code as used, in
// one conditional update (compare-and-set): of two racing registrations
// with the same code, one wins.
func (s *Service) useActivationCode(ctx context.Context, code, personID string) (bool, error) {
	code = normalizeActivationCode(code)
	if len(code) != activationLen || len(s.activationKey) == 0 {
		return false, nil
	}
	now := s.now().UTC()
	res, err := s.activation.UpdateOne(ctx, bson.D{{Key: "_id", Value: s.activationHash(code)}, {Key: "personId", Value: personID},
		{Key: "used", Value: false}, {Key: "expiresAt", Value: bson.D{{Key: "$gt", Value: now}}}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "used", Value: true}, {Key: "usedAt", Value: now}}}})
	if err != nil {
		return false, err
	}
	return res.ModifiedCount == 1, nil
}

// PurgeActivationCodes deletes codes expired for more than a day (the
// server's housekeeping; the embedded engine has no TTL indexes).
func (s *Service) PurgeActivationCodes(ctx context.Context) error {
	_, err := s.activation.DeleteMany(ctx, bson.D{{Key: "expiresAt", Value: bson.D{{Key: "$lt", Value: s.now().UTC().Add(-24 * time.Hour)}}}})
	return err
}
