package auth

import (
	"errors"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"skillcert"
)

// Token settings.
const (
	Issuer   = "skillcert"
	Audience = "skillcert-api"
	// StaffTokenLifetime bounds every staff, instructor and auditor token.
	StaffTokenLifetime = 2 * time.Hour
	// TraineeTokenLifetime is longer so residents on a phone are not
	// logged out in the middle of a course day.
	TraineeTokenLifetime = 12 * time.Hour
)

// Claims are the token's contents. The session ID (jti) is what makes a
// token revocable: logout and password change delete the session.
type Claims struct {
	Role string `json:"role"`
	jwt.RegisteredClaims
}

// Lifetime is the token lifetime of a role.
func Lifetime(r skillcert.Role) time.Duration {
	if r == skillcert.RoleTrainee {
		return TraineeTokenLifetime
	}
	return StaffTokenLifetime
}

func signToken(secret []byte, accountID, sessionID string, role skillcert.Role, now, exp time.Time) (string, error) {
	c := Claims{
		Role: string(role),
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    Issuer,
			Audience:  jwt.ClaimStrings{Audience},
			Subject:   accountID,
			ID:        sessionID,
			IssuedAt:  jwt.NewNumericDate(now),
			NotBefore: jwt.NewNumericDate(now.Add(-time.Minute)),
			ExpiresAt: jwt.NewNumericDate(exp),
		},
	}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(secret)
}

var errBadToken = &skillcert.Error{Code: skillcert.EUNAUTHORIZED, Message: "登录已失效，请重新登录"}

// parseToken verifies signature, algorithm, issuer, audience and expiry.
func parseToken(secret []byte, s string, now time.Time) (*Claims, error) {
	var c Claims
	tok, err := jwt.ParseWithClaims(s, &c, func(*jwt.Token) (any, error) { return secret, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithExpirationRequired(),
		jwt.WithIssuer(Issuer),
		jwt.WithAudience(Audience),
		jwt.WithIssuedAt(),
		jwt.WithTimeFunc(func() time.Time { return now }),
	)
	if err != nil || !tok.Valid {
		if errors.Is(err, jwt.ErrTokenExpired) {
			return nil, &skillcert.Error{Code: skillcert.EUNAUTHORIZED, Message: "登录已过期，请重新登录"}
		}
		return nil, errBadToken
	}
	if c.ID == "" || c.Subject == "" {
		return nil, errBadToken
	}
	return &c, nil
}
