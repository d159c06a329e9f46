package main

import (
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"
)

// Request bodies are bounded per route class, from the request's head,
// before any of the body is read: a request announcing (or, chunked,
// reaching) more than its route's limit is refused with 413 and its
// connection closed. JSON and form routes take maxJSONBody; only the
// upload routes (route.MaxBody) take more. With the server's
// ReduceMemoryUsage, the buffers of a large upload return to the pools
// after the request instead of staying with the idle connection, so
// memory taken by large bodies is given back.

// uploadEnvelope is the room a multipart upload needs beyond its file:
// boundaries, part headers and the form's other fields.
const uploadEnvelope = 1 << 20

// rollBodyLimit bounds an uploaded roll (.xlsx).
const rollBodyLimit = maxRollFile + uploadEnvelope

// importBodyLimit bounds an uploaded register file: the import's own
// limit (roster.Limits.MaxBytes), so that the service, not the server,
// refuses a file slightly over it with its own message.
func (a *App) importBodyLimit() int64 { return a.Roster.Limits().MaxBytes + uploadEnvelope }

// uploadRoute is an upload route's method, path pattern and limit.
type uploadRoute struct {
	method   string
	segments []string // ":" for a parameter
	limit    int64
}

// limitBodies installs the per-route body limits on the HTTP server.
func (a *App) limitBodies() {
	var uploads []uploadRoute
	for _, r := range a.routes {
		if r.MaxBody > 0 {
			uploads = append(uploads, uploadRoute{method: r.Method, segments: pathSegments(r.Path), limit: r.MaxBody})
		}
	}
	a.uploads = uploads
	a.fiber.Server().HeaderReceived = func(h *fasthttp.RequestHeader) fasthttp.RequestConfig {
		return fasthttp.RequestConfig{MaxRequestBodySize: int(a.bodyLimit(string(h.Method()), string(h.RequestURI())))}
	}
}

// bodyLimit is the body limit of a request to method and uri.
func (a *App) bodyLimit(method, uri string) int64 {
	path, _, _ := strings.Cut(uri, "?")
	segs := pathSegments(path)
	for _, u := range a.uploads {
		if u.method == method && matchSegments(u.segments, segs) {
			return u.limit
		}
	}
	return maxJSONBody
}

func pathSegments(path string) []string {
	path = strings.Trim(strings.ToLower(path), "/")
	segs := strings.Split(path, "/")
	for i, s := range segs {
		if strings.HasPrefix(s, ":") {
			segs[i] = ":"
		}
	}
	return segs
}

func matchSegments(pattern, segs []string) bool {
	if len(pattern) != len(segs) {
		return false
	}
	for i, p := range pattern {
		if p != segs[i] && (p != ":" || segs[i] == "") {
			return false
		}
	}
	return true
}

// tooLargeMessage says, in Chinese, the limit a refused body ran into.
func (a *App) tooLargeMessage(c *fiber.Ctx) string {
	return "提交的内容超过上限（" + fmtMiB(a.bodyLimit(c.Method(), string(c.Request().RequestURI()))) + "）"
}
