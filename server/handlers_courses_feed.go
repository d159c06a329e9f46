package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strings"

	"github.com/gofiber/fiber/v2"

	"skillcert"
	"skillcert/courses"
	"skillcert/keys"
)

// Calendar feeds (.ics). Calendar apps fetch a subscription without a
// login, so the address itself is the credential: /calendar/<account
// ID>.<mac>.ics, where mac is an HMAC-SHA256 of the account ID under a key
// derived from the JWT secret for this purpose only (first 18 bytes,
// base64url). The feed shows what its account would see: a trainee's
// enrolled sessions, an instructor's own sessions. Whoever holds the
// address reads the timetable and nothing else; a disabled account's feed
// stops; changing the JWT secret changes every address.

// feedToken is the token of an account's feed address.
func (a *App) feedToken(accountID string) string {
	m := hmac.New(sha256.New, a.Key(keys.PurposeCalendar))
	m.Write([]byte(accountID))
	return accountID + "." + base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:18])
}

// errNoFeed hides whether a feed address was ever valid.
var errNoFeed = &skillcert.Error{Code: skillcert.ENOTFOUND, Message: "日历订阅地址无效或已失效"}

// feedActor checks a feed token and returns the account's actor.
func (a *App) feedActor(c *fiber.Ctx, token string) (*skillcert.Actor, error) {
	token = strings.TrimSuffix(token, ".ics")
	id, _, ok := strings.Cut(token, ".")
	if !ok || id == "" || !hmac.Equal([]byte(a.feedToken(id)), []byte(token)) {
		return nil, errNoFeed
	}
	acc, err := a.Auth.GetAccount(c.UserContext(), feedReader, id)
	if err != nil || acc.Disabled {
		return nil, errNoFeed
	}
	return &skillcert.Actor{AccountID: acc.ID, Username: acc.Username, Name: acc.Name, Role: acc.Role,
		Town: acc.Town, Village: acc.Village, PersonID: acc.PersonID, IP: c.IP()}, nil
}

// feedReader looks up the account a feed token names.
var feedReader = &skillcert.Actor{AccountID: "system", Username: "system", Name: "日历订阅", Role: skillcert.RoleCityAdmin}

func (a *App) feedURL(actor *skillcert.Actor) string {
	return strings.TrimRight(a.cfg.BaseURL, "/") + "/calendar/" + a.feedToken(actor.AccountID) + ".ics"
}

func (a *App) apiCalendarFeed(c *fiber.Ctx) error {
	return c.JSON(feedReply{URL: a.feedURL(actorOf(c))})
}

// calendarFeed serves the feed of the account its token names.
func (a *App) calendarFeed(c *fiber.Ctx) error {
	actor, err := a.feedActor(c, c.Params("token"))
	if err != nil {
		return err
	}
	var events []courses.CalendarEvent
	name := "我的培训课程"
	switch actor.Role {
	case skillcert.RoleTrainee:
		events, err = a.Courses.TraineeCalendar(c.UserContext(), actor)
	case skillcert.RoleInstructor:
		name = "我的授课安排"
		events, err = a.Courses.InstructorCalendar(c.UserContext(), actor)
	default:
		return errNoFeed
	}
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "text/calendar; charset=utf-8")
	c.Set(fiber.HeaderCacheControl, "private, no-cache")
	return courses.WriteICS(c.Response().BodyWriter(), name, events)
}
