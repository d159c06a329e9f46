package main

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"skillcert"
)

// statusOf maps each error code to its HTTP status: the one table.
var statusOf = map[string]int{
	skillcert.EINVALID:      http.StatusBadRequest,
	skillcert.EUNAUTHORIZED: http.StatusUnauthorized,
	skillcert.EFORBIDDEN:    http.StatusForbidden,
	skillcert.ENOTFOUND:     http.StatusNotFound,
	skillcert.ECONFLICT:     http.StatusConflict,
	skillcert.ETOOLARGE:     http.StatusRequestEntityTooLarge,
	skillcert.ERATELIMITED:  http.StatusTooManyRequests,
	skillcert.EUNAVAILABLE:  http.StatusServiceUnavailable,
	skillcert.EINTERNAL:     http.StatusInternalServerError,
	codeMethodNotAllowed:    http.StatusMethodNotAllowed,
}

// codeMethodNotAllowed is the API error code of a wrong method on an
// existing path; Fiber sets the Allow header from the routes registered.
const codeMethodNotAllowed = "method_not_allowed"

// errorBody is the JSON shape of every API error.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
}

// fromFiber turns Fiber's own errors (unknown route, body too large, bad
// method) into skillcert errors.
func fromFiber(fe *fiber.Error) *skillcert.Error {
	switch fe.Code {
	case http.StatusNotFound:
		return &skillcert.Error{Code: skillcert.ENOTFOUND, Message: "页面或接口不存在"}
	case http.StatusRequestEntityTooLarge:
		return &skillcert.Error{Code: skillcert.ETOOLARGE, Message: "提交的内容过大"}
	case http.StatusMethodNotAllowed:
		return &skillcert.Error{Code: codeMethodNotAllowed, Message: "该地址不支持这种请求方法"}
	case http.StatusBadRequest, http.StatusUnprocessableEntity:
		return &skillcert.Error{Code: skillcert.EINVALID, Message: "请求格式不正确"}
	case http.StatusRequestHeaderFieldsTooLarge:
		return &skillcert.Error{Code: skillcert.EINVALID, Message: "请求头过大（超过服务器上限）"}
	case http.StatusRequestTimeout:
		return &skillcert.Error{Code: skillcert.EUNAVAILABLE, Message: "请求超时，请稍后再试"}
	}
	if fe.Code >= 400 && fe.Code < 500 {
		return &skillcert.Error{Code: skillcert.EINVALID, Message: "请求不正确"}
	}
	return skillcert.Internal(fe)
}

// errorHandler renders every error: JSON under /api, a page elsewhere.
// Only internal errors are logged with their cause.
func (a *App) errorHandler(c *fiber.Ctx, err error) error {
	var se *skillcert.Error
	var fe *fiber.Error
	switch {
	case errors.As(err, &se):
	case errors.As(err, &fe):
		se = fromFiber(fe)
		if fe.Code == http.StatusRequestEntityTooLarge {
			se.Message = a.tooLargeMessage(c)
		}
	default:
		se = skillcert.Internal(err)
	}
	status, ok := statusOf[se.Code]
	if !ok {
		status = http.StatusInternalServerError
	}
	if status >= 500 {
		a.log.Error("request failed", "requestId", requestID(c), "method", c.Method(), "path", c.Path(), "err", err)
	}
	if status == http.StatusTooManyRequests {
		setRetryAfter(c, se)
	}
	msg := skillcert.ErrorMessage(se)
	a.setSecurityHeaders(c)
	// A request the server could not read (headers too large, malformed)
	// never reached the middleware: its path is unknown, so the reply is
	// the API's JSON shape.
	_, reached := c.Locals(localRequestID).(string)
	if isAPI(c) || !reached {
		return c.Status(status).JSON(errorBody{Error: errorDetail{Code: se.Code, Message: msg, Field: se.Field}})
	}
	if se.Code == skillcert.EUNAUTHORIZED {
		return c.Redirect("/login?next="+safeNext(c.OriginalURL()), http.StatusSeeOther)
	}
	heading := map[string]string{
		skillcert.ENOTFOUND: "找不到页面", skillcert.EFORBIDDEN: "没有权限", skillcert.EINVALID: "输入有误",
		skillcert.ERATELIMITED: "操作过于频繁", skillcert.EUNAVAILABLE: "服务暂时不可用", skillcert.ETOOLARGE: "文件过大",
	}[se.Code]
	if heading == "" {
		heading = "出错了"
	}
	c.Status(status)
	return a.render(c, "pages/error", "出错了", "", map[string]string{"Heading": heading, "Message": msg})
}

// setRetryAfter sends Retry-After for a rate-limited refusal (RFC 9110
// §10.2.3): whole seconds, rounded up; a minute when the refusal does not
// say.
func setRetryAfter(c *fiber.Ctx, se *skillcert.Error) {
	wait := se.RetryAfter
	if wait <= 0 {
		wait = time.Minute
	}
	c.Set(fiber.HeaderRetryAfter, strconv.Itoa(int((wait+time.Second-1)/time.Second)))
}

func isAPI(c *fiber.Ctx) bool {
	return strings.HasPrefix(c.Path(), "/api/") || c.Path() == "/api"
}

// safeNext keeps a post-login redirect on this site.
func safeNext(s string) string {
	if !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "//") || strings.HasPrefix(s, "/\\") {
		return "/"
	}
	return s
}
