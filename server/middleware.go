package main

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"skillcert"
	"skillcert/audit"
	"skillcert/auth"
	"skillcert/keys"
	"skillcert/store"
)

const (
	tokenCookie    = "skillcert_token"
	localActor     = "actor"
	localRequestID = "requestId"
	localViaCookie = "viaCookie"
)

var requestIDRe = regexp.MustCompile(`^[A-Za-z0-9._-]{8,64}$`)

// requestContext gives each request an ID, a context carrying the client
// IP, a database command counter and the request's deadline, recovers
// panics and logs the request.
func (a *App) requestContext(c *fiber.Ctx) (err error) {
	start := time.Now()
	id := c.Get("X-Request-ID")
	if !requestIDRe.MatchString(id) {
		var b [8]byte
		_, _ = rand.Read(b[:])
		id = hex.EncodeToString(b[:])
	}
	c.Locals(localRequestID, id)
	c.Set("X-Request-ID", id)
	ctx, counter := store.WithCounter(audit.WithIP(c.UserContext(), c.IP()))
	// No database call without a deadline: the request's work ends with
	// EUNAVAILABLE (503) when it runs out, and gives up the write lock.
	ctx, cancel := context.WithTimeout(ctx, a.cfg.requestTimeout())
	defer cancel()
	c.SetUserContext(ctx)
	defer func() {
		if r := recover(); r != nil {
			a.log.Error("panic", "requestId", id, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			err = skillcert.Internal(fmt.Errorf("panic: %v", r))
		}
		if err != nil {
			if herr := a.errorHandler(c, err); herr != nil {
				a.log.Error("error handler failed", "requestId", id, "err", herr)
				c.Status(http.StatusInternalServerError)
			}
			err = nil
		}
		if a.cfg.ExposeDBCommands {
			c.Set("X-DB-Commands", strconv.FormatInt(counter.N(), 10))
		}
		status := c.Response().StatusCode()
		lvl := a.log.Info
		if status >= 500 {
			lvl = a.log.Warn
		}
		if c.Path() == "/healthz" || c.Path() == "/readyz" || strings.HasPrefix(c.Path(), "/static/") {
			return
		}
		lvl("request", "requestId", id, "method", c.Method(), "path", c.Path(), "status", status,
			"ms", time.Since(start).Milliseconds(), "dbCommands", counter.N(), "ip", c.IP())
	}()
	return c.Next()
}

// authenticate reads the token from the Authorization header (API
// clients) or the cookie (the web pages) and puts the actor into the
// request. A bad bearer token is refused; a bad cookie is dropped.
func (a *App) authenticate(c *fiber.Ctx) error {
	var token string
	viaCookie := false
	if h := c.Get(fiber.HeaderAuthorization); h != "" {
		scheme, tok, ok := strings.Cut(h, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(tok) == "" {
			return &skillcert.Error{Code: skillcert.EUNAUTHORIZED, Message: "Authorization 头格式应为 Bearer <令牌>"}
		}
		token = strings.TrimSpace(tok)
	} else if ck := c.Cookies(tokenCookie); ck != "" {
		token, viaCookie = ck, true
	}
	if token == "" {
		return c.Next()
	}
	actor, err := a.Auth.Authenticate(c.UserContext(), token)
	if err != nil {
		if skillcert.ErrorCode(err) != skillcert.EUNAUTHORIZED {
			return err
		}
		if !viaCookie {
			return err
		}
		a.clearTokenCookie(c)
		return c.Next()
	}
	actor.IP = c.IP()
	c.Locals(localActor, actor)
	c.Locals(localViaCookie, viaCookie)
	c.SetUserContext(skillcert.WithActor(c.UserContext(), actor))
	return c.Next()
}

// authorize guards a route with its permission: the role question is
// answered here for every route, from the one policy in package auth.
func (a *App) authorize(p auth.Permission) fiber.Handler {
	return func(c *fiber.Ctx) error {
		actor := actorOf(c)
		if actor != nil && actor.MustChangePassword && p != auth.PermPublic && !openBeforePasswordChange[c.Route().Path] {
			// A password someone else chose: change it before anything else.
			if isAPI(c) {
				return skillcert.Errorf(skillcert.EFORBIDDEN, "请先修改初始密码（POST /api/auth/password），再进行其他操作")
			}
			return a.redirectWithFlash(c, "/password", "error", "您的密码由他人设置，请先设置您自己的密码")
		}
		if auth.Allowed(actor, p) {
			return c.Next()
		}
		if actor == nil {
			return &skillcert.Error{Code: skillcert.EUNAUTHORIZED, Message: "请先登录"}
		}
		_ = a.Audit.Record(c.UserContext(), "access", "route", c.Method()+" "+c.Route().Path, audit.ResultDenied, string(p))
		return &skillcert.Error{Code: skillcert.EFORBIDDEN, Message: "您的角色（" + actor.Role.Label() + "）无权进行此操作"}
	}
}

// openBeforePasswordChange are the routes an account that must change
// its password may use.
var openBeforePasswordChange = map[string]bool{
	"/password": true, "/logout": true, "/api/auth/password": true, "/api/auth/logout": true, "/api/auth/me": true,
}

// csrf protects state-changing requests made with the cookie: the form
// field _csrf or the X-CSRF-Token header must carry the session's token.
// Bearer-token clients are not exposed to CSRF. Anonymous form posts
// (login, registration) must come from this site's own pages.
func (a *App) csrf(c *fiber.Ctx) error {
	switch c.Method() {
	case fiber.MethodGet, fiber.MethodHead, fiber.MethodOptions:
		return c.Next()
	}
	actor := actorOf(c)
	if actor == nil {
		// A form posted from another site, or from an opaque origin
		// ("null": a sandboxed frame, a data: page), is refused.
		if origin := c.Get("Origin"); origin != "" {
			if u, err := url.Parse(origin); origin == "null" || err != nil || u.Host != c.Hostname() {
				return skillcert.Errorf(skillcert.EFORBIDDEN, "请求来源不正确，请从本站页面提交")
			}
		}
		return c.Next()
	}
	if via, _ := c.Locals(localViaCookie).(bool); !via {
		return c.Next()
	}
	got := c.Get("X-CSRF-Token")
	if got == "" {
		got = c.FormValue("_csrf")
	}
	if !hmac.Equal([]byte(got), []byte(a.csrfToken(actor))) {
		return skillcert.Errorf(skillcert.EFORBIDDEN, "页面已过期，请刷新后重试")
	}
	return c.Next()
}

// csrfToken derives the session's CSRF token.
func (a *App) csrfToken(actor *skillcert.Actor) string {
	if actor == nil {
		return ""
	}
	m := hmac.New(sha256.New, a.Key(keys.PurposeCSRF))
	m.Write([]byte(actor.SessionID))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:18])
}

func (a *App) setTokenCookie(c *fiber.Ctx, token string, exp time.Time) {
	c.Cookie(&fiber.Cookie{Name: tokenCookie, Value: token, Path: "/", Expires: exp, HTTPOnly: true,
		SameSite: fiber.CookieSameSiteLaxMode, Secure: a.cfg.SecureCookies()})
}

func (a *App) clearTokenCookie(c *fiber.Ctx) {
	c.Cookie(&fiber.Cookie{Name: tokenCookie, Value: "", Path: "/", Expires: time.Unix(1, 0), MaxAge: -1, HTTPOnly: true,
		SameSite: fiber.CookieSameSiteLaxMode, Secure: a.cfg.SecureCookies()})
}

func actorOf(c *fiber.Ctx) *skillcert.Actor {
	a, _ := c.Locals(localActor).(*skillcert.Actor)
	return a
}

func requestID(c *fiber.Ctx) string {
	s, _ := c.Locals(localRequestID).(string)
	return s
}

// securityHeaders sets the headers every response carries; API replies
// (personal data) are not to be stored by browsers or proxies unless the
// handler chose a cache policy (certificate downloads).
func (a *App) securityHeaders(c *fiber.Ctx) error {
	a.setSecurityHeaders(c)
	err := c.Next()
	if isAPI(c) && len(c.Response().Header.Peek(fiber.HeaderCacheControl)) == 0 {
		c.Set(fiber.HeaderCacheControl, "no-store")
	}
	return err
}

// setSecurityHeaders sets the headers of every response, error pages of
// requests that never reached the middleware included. HSTS only when the
// public address is https.
func (a *App) setSecurityHeaders(c *fiber.Ctx) {
	c.Set("X-Content-Type-Options", "nosniff")
	c.Set("X-Frame-Options", "DENY")
	c.Set("Referrer-Policy", "same-origin")
	c.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'")
	if a.cfg.SecureCookies() {
		c.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
	}
}

// rejectNUL refuses form, JSON and text bodies that carry a NUL
// character (raw, %00 or \u0000): no free-text field may store one.
// Uploads (multipart, spreadsheets) are binary and checked by their
// parsers.
func rejectNUL(c *fiber.Ctx) error {
	switch c.Method() {
	case fiber.MethodPost, fiber.MethodPut, fiber.MethodPatch:
	default:
		return c.Next()
	}
	ct := strings.ToLower(c.Get(fiber.HeaderContentType))
	form := strings.HasPrefix(ct, fiber.MIMEApplicationForm)
	if !form && !strings.HasPrefix(ct, fiber.MIMEApplicationJSON) && !strings.HasPrefix(ct, "text/") {
		return c.Next() // uploads are binary; their parsers check them
	}
	if hasNUL(c.Body(), form) || hasNUL(c.Request().URI().QueryString(), true) {
		return skillcert.Invalid("body", "提交的内容含有空字符（NUL），请删除后重试")
	}
	return c.Next()
}

// hasNUL reports whether b holds a NUL byte, its JSON escape \u0000 or,
// when urlEncoded, its %00 escape.
func hasNUL(b []byte, urlEncoded bool) bool {
	if bytes.IndexByte(b, 0) >= 0 || (urlEncoded && bytes.Contains(b, []byte("%00"))) {
		return true
	}
	for i := bytes.Index(b, []byte(`\u`)); i >= 0; {
		if i+6 <= len(b) && string(b[i+2:i+6]) == "0000" && !escapedBackslash(b, i) {
			return true
		}
		j := bytes.Index(b[i+2:], []byte(`\u`))
		if j < 0 {
			break
		}
		i += 2 + j
	}
	return false
}

// escapedBackslash reports whether the backslash at i is itself escaped
// (preceded by an odd number of backslashes).
func escapedBackslash(b []byte, i int) bool {
	n := 0
	for k := i - 1; k >= 0 && b[k] == '\\'; k-- {
		n++
	}
	return n%2 == 1
}
