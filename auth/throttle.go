package auth

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"skillcert"
	"skillcert/audit"
	"skillcert/store"
)

// Login throttling. Every attempt is counted before its password is
// checked, by one atomic increment of a counter in a fixed window (an
// upsert with $inc; on the embedded engine the store serializes writes,
// which makes it atomic there too), so parallel guesses cannot all be
// evaluated before a limit takes effect. Three counters:
//
//   - per client address: at most MaxPerAddress failed attempts per
//     window against any accounts (one client trying one password on many
//     accounts);
//   - per account and client address: at most MaxFailures attempts per
//     window (a success clears it). This is the lock a guesser runs into;
//     it locks the guesser's address, not the account;
//   - per account, all addresses: after AccountBackoffAfter failures in an
//     hour, addresses the account has never logged in from get one
//     evaluated attempt per backoff interval (doubling up to 5 minutes).
//     An address the owner has logged in from before is exempt, so
//     strangers cannot lock the owner out.
//
// Counters live in the login_attempts collection, keyed by what they
// count and their window, and are purged after they expire.
const (
	MaxFailures         = 5                // attempts per account and address per window
	LockDuration        = 15 * time.Minute // the window of the per-address counters
	MaxPerAddress       = 30               // failed attempts per client address per window
	AccountBackoffAfter = 10               // failures per hour on one account before its backoff
	accountWindow       = time.Hour
	maxBackoff          = 5 * time.Minute
	knownAddressKeep    = 90 * 24 * time.Hour
)

// throttleDoc is one counter of the login throttle.
type throttleDoc struct {
	ID          string    `bson:"_id"`
	Username    string    `bson:"username,omitempty"`
	Count       int       `bson:"count"`
	NextAllowed time.Time `bson:"nextAllowed,omitempty"`
	UpdatedAt   time.Time `bson:"updatedAt"`
	ExpiresAt   time.Time `bson:"expiresAt"`
}

func windowKey(prefix string, now time.Time, w time.Duration) (string, time.Time) {
	start := now.Truncate(w)
	return prefix + "@" + strconv.FormatInt(start.Unix(), 10), start.Add(w)
}

// hit adds delta to a counter and returns its new value.
func (s *Service) hit(ctx context.Context, key, username string, delta int, now, expires time.Time) (int, error) {
	var d throttleDoc
	set := bson.D{{Key: "updatedAt", Value: now.UTC()}, {Key: "expiresAt", Value: expires.UTC()}}
	if username != "" {
		set = append(set, bson.E{Key: "username", Value: username})
	}
	err := s.attempts.FindOneAndUpdate(ctx, bson.D{{Key: "_id", Value: key}},
		bson.D{{Key: "$inc", Value: bson.D{{Key: "count", Value: delta}}}, {Key: "$set", Value: set}},
		&d, options.FindOneAndUpdate().SetUpsert(true).SetReturnDocument(options.After))
	return d.Count, err
}

// loginGate is what one login attempt counted before it is evaluated.
type loginGate struct {
	addrKey, pairKey, accountKey string
	addrExp, pairExp, accountExp time.Time
}

func clientAddr(ctx context.Context) string {
	if ip := audit.IPFrom(ctx); ip != "" {
		return ip
	}
	if a := skillcert.ActorFrom(ctx); a != nil && a.IP != "" {
		return a.IP
	}
	return "-"
}

func knownKey(username, ip string) string { return "known:" + username + "|" + ip }

func rateLimited(until time.Time, now time.Time) error {
	wait := until.Sub(now)
	if wait < time.Second {
		wait = time.Second
	}
	return skillcert.RateLimited(wait, "登录尝试过于频繁，请 %s后再试", WaitText(wait))
}

// WaitText says a wait in Chinese as the client will see it in the
// Retry-After header (whole seconds, rounded up): seconds under a minute,
// otherwise minutes rounded up.
func WaitText(d time.Duration) string {
	secs := int((d + time.Second - 1) / time.Second)
	if secs < 1 {
		secs = 1
	}
	if secs < 60 {
		return fmt.Sprintf("%d 秒", secs)
	}
	return fmt.Sprintf("%d 分钟", (secs+59)/60)
}

// admit counts the attempt and decides whether its password may be
// checked at all.
func (s *Service) admit(ctx context.Context, username string, now time.Time) (*loginGate, error) {
	ip := clientAddr(ctx)
	g := &loginGate{}
	g.addrKey, g.addrExp = windowKey("addr:"+ip, now, LockDuration)
	n, err := s.hit(ctx, g.addrKey, "", 1, now, g.addrExp)
	if err != nil {
		return nil, err
	}
	if n > MaxPerAddress {
		_ = s.audit.Record(ctx, "login", "account", username, audit.ResultDenied, "address throttled")
		return nil, rateLimited(g.addrExp, now)
	}
	g.pairKey, g.pairExp = windowKey("pair:"+username+"|"+ip, now, LockDuration)
	if n, err = s.hit(ctx, g.pairKey, username, 1, now, g.pairExp); err != nil {
		return nil, err
	}
	if n > MaxFailures {
		_ = s.audit.Record(ctx, "login", "account", username, audit.ResultDenied, "locked for this address")
		return nil, rateLimited(g.pairExp, now)
	}
	g.accountKey, g.accountExp = windowKey("acct:"+username, now, accountWindow)
	var acct throttleDoc
	if err := s.attempts.FindOne(ctx, bson.D{{Key: "_id", Value: g.accountKey}}, &acct); err != nil && !store.IsNotFound(err) {
		return nil, err
	}
	if acct.Count < AccountBackoffAfter {
		return g, nil
	}
	var known throttleDoc
	if err := s.attempts.FindOne(ctx, bson.D{{Key: "_id", Value: knownKey(username, ip)}}, &known); err == nil {
		return g, nil
	} else if !store.IsNotFound(err) {
		return nil, err
	}
	// Many failures on this account from strangers: one evaluated attempt
	// per interval, taken by a conditional update (compare-and-set).
	backoff := 5 * time.Second << min((acct.Count-AccountBackoffAfter)/5, 6)
	backoff = min(backoff, maxBackoff)
	res, err := s.attempts.UpdateOne(ctx, bson.D{{Key: "_id", Value: g.accountKey},
		{Key: "$or", Value: bson.A{bson.D{{Key: "nextAllowed", Value: bson.D{{Key: "$exists", Value: false}}}},
			bson.D{{Key: "nextAllowed", Value: bson.D{{Key: "$lte", Value: now.UTC()}}}}}}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "nextAllowed", Value: now.Add(backoff).UTC()}}}})
	if err != nil {
		return nil, err
	}
	if res.ModifiedCount == 0 {
		_ = s.audit.Record(ctx, "login", "account", username, audit.ResultDenied, "account backoff")
		return nil, rateLimited(now.Add(backoff), now)
	}
	return g, nil
}

// failed records an evaluated failure on the account-wide counter.
func (s *Service) failed(ctx context.Context, g *loginGate, username string, now time.Time) error {
	_, err := s.hit(ctx, g.accountKey, username, 1, now, g.accountExp)
	return err
}

// succeeded gives back the address's count, clears the pair's and
// remembers the address as one the owner uses.
func (s *Service) succeeded(ctx context.Context, g *loginGate, username string, now time.Time) error {
	if _, err := s.hit(ctx, g.addrKey, "", -1, now, g.addrExp); err != nil {
		return err
	}
	if _, err := s.attempts.DeleteOne(ctx, bson.D{{Key: "_id", Value: g.pairKey}}); err != nil {
		return err
	}
	_, err := s.attempts.UpdateOne(ctx, bson.D{{Key: "_id", Value: knownKey(username, clientAddr(ctx))}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "owner", Value: username}, {Key: "updatedAt", Value: now.UTC()},
			{Key: "expiresAt", Value: now.Add(knownAddressKeep).UTC()}}}},
		options.UpdateOne().SetUpsert(true))
	return err
}

// Unlock clears every login throttle of an account (an administrator's
// help for a user locked out); audited.
func (s *Service) Unlock(ctx context.Context, a *skillcert.Actor, id string) (*Account, error) {
	acc, err := s.managedAccount(ctx, a, id)
	if err != nil {
		return nil, err
	}
	// The counters carry the username; the owner's known addresses
	// (field owner) stay.
	n, err := s.attempts.DeleteMany(ctx, bson.D{{Key: "username", Value: acc.Username}})
	if err != nil {
		return nil, err
	}
	return acc, s.audit.Record(ctx, "account.unlock", "account", acc.ID, audit.ResultOK, fmt.Sprintf("cleared %d counters", n))
}
