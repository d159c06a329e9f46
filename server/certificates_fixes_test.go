package main

import (
	"testing"
	"time"

	"skillcert/certificates"
)

// A trainee asking for another person's certificate gets the very answer
// a made-up ID gets; HEAD on a PDF answers like GET without the body; a
// 429 says when to retry.
func TestCertificateAnswersGiveNothingAway(t *testing.T) {
	ta := newTestApp(t)
	fake := newFakeCompletions()
	fake.course("wz-dg", "WZ")
	ta.app.Certificates.SetCompletions(fake)
	other := issueFor(t, ta.app, fake.complete("wz-dg", "p-other", "王其他", "WZ", "WZ01"))
	trainee := ta.token("trainee")
	for _, path := range []string{"", "/pdf"} {
		theirs := ta.request("GET", "/api/certificates/"+other.ID+path, nil, trainee)
		madeUp := ta.request("GET", "/api/certificates/0123456789abcdef01234567"+path, nil, trainee)
		if theirs.Status != madeUp.Status || string(theirs.Body) != string(madeUp.Body) {
			t.Errorf("%s: another's certificate %d %s, a made-up one %d %s", path, theirs.Status, theirs.Body, madeUp.Status, madeUp.Body)
		}
	}

	wz := ta.token("wz_staff")
	get := ta.request("GET", "/api/certificates/"+other.ID+"/pdf", nil, wz)
	head := ta.request("HEAD", "/api/certificates/"+other.ID+"/pdf", nil, wz)
	if get.Status != 200 || head.Status != 200 || len(head.Body) != 0 ||
		head.Header.Get("Content-Type") != "application/pdf" || head.Header.Get("ETag") != get.Header.Get("ETag") {
		t.Errorf("HEAD: %d (%d bytes) %q %q; GET: %d %q", head.Status, len(head.Body), head.Header.Get("Content-Type"), head.Header.Get("ETag"),
			get.Status, get.Header.Get("ETag"))
	}

	ta.app.Certificates.SetVerifyLimit(certificates.VerifyLimit{Lookups: 2, Window: 10 * time.Minute})
	var last *response
	for range 3 {
		last = ta.request("POST", "/api/verify", map[string]string{"number": "TX2026-WZ-999999", "name": "某人"}, "")
	}
	if last.Status != 429 || last.Header.Get("Retry-After") == "" {
		t.Errorf("throttled: %d Retry-After %q", last.Status, last.Header.Get("Retry-After"))
	}
}
