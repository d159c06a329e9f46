// Package web holds the embedded templates and static assets of the
// server-rendered pages. Assets are served under content-hashed names so
// browsers may cache them for good.
package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

//go:embed templates static
var files embed.FS

// Templates is the template tree (layout.html, pages/*.html, …).
func Templates() fs.FS {
	sub, err := fs.Sub(files, "templates")
	if err != nil {
		panic(err)
	}
	return sub
}

// Asset is one static file with its hashed URL.
type Asset struct {
	URL         string
	ContentType string
	Body        []byte
}

// Assets maps static file names (e.g. "app.css") to their hashed form.
type Assets struct {
	byName map[string]Asset
	byURL  map[string]Asset
}

// LoadAssets hashes every embedded static file.
func LoadAssets() (*Assets, error) {
	a := &Assets{byName: map[string]Asset{}, byURL: map[string]Asset{}}
	err := fs.WalkDir(files, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := files.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "static/")
		sum := sha256.Sum256(body)
		ext := path.Ext(name)
		hashed := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:6]) + ext
		ct := mime.TypeByExtension(ext)
		if ct == "" {
			ct = "application/octet-stream"
		}
		as := Asset{URL: "/static/" + hashed, ContentType: ct, Body: body}
		a.byName[name] = as
		a.byURL[as.URL] = as
		return nil
	})
	return a, err
}

// URL returns the hashed URL of a static file; unknown names panic at
// template execution, which the start-up render check catches.
func (a *Assets) URL(name string) string {
	as, ok := a.byName[name]
	if !ok {
		panic("web: no static file " + name)
	}
	return as.URL
}

// ByURL finds an asset by its hashed URL.
func (a *Assets) ByURL(url string) (Asset, bool) {
	as, ok := a.byURL[url]
	return as, ok
}

// HTTPFS is the template tree as an http.FileSystem (what Fiber's
// template engine reads).
func HTTPFS() http.FileSystem { return http.FS(Templates()) }
