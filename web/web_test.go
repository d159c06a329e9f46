package web

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"
)

// The pages run under a Content-Security-Policy without 'unsafe-inline':
// inline styles, inline scripts and event-handler attributes would be
// silently ignored by the browser, so none may appear in a template.
func TestTemplatesHaveNoInlineStyleOrScript(t *testing.T) {
	bad := regexp.MustCompile(`(?i)\sstyle\s*=|\son[a-z]+\s*=|<script(?:\s[^>]*)?>[^<]`)
	err := fs.WalkDir(Templates(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		b, err := fs.ReadFile(Templates(), p)
		if err != nil {
			return err
		}
		if m := bad.FindString(string(b)); m != "" {
			t.Errorf("%s: inline %q is blocked by the Content-Security-Policy", p, m)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestAssetsHaveContentHashedURLs(t *testing.T) {
	a, err := LoadAssets()
	if err != nil {
		t.Fatal(err)
	}
	u := a.URL("app.css")
	if !regexp.MustCompile(`^/static/app\.[0-9a-f]{12}\.css$`).MatchString(u) {
		t.Fatalf("URL = %s", u)
	}
	as, ok := a.ByURL(u)
	if !ok || !strings.HasPrefix(as.ContentType, "text/css") || len(as.Body) == 0 {
		t.Fatalf("asset = %+v %v", as.ContentType, ok)
	}
}
