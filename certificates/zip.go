package certificates

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"

	"skillcert"
)

// EntryName is the default name of a certificate in a zip: its number and
// the holder's name, e.g. TX2026-WZ-000123_张三.pdf.
func EntryName(d Document) string {
	return d.Number + "_" + d.HolderName + ".pdf"
}

// WriteZip renders docs and writes them into a zip archive on w, in the
// order given, each PDF streamed into the archive as soon as it and those
// before it are rendered: at most a few certificates are held in memory,
// however large the batch. Rendering runs on all cores.
//
// name gives each entry's file name (EntryName when nil); path separators
// are replaced and a repeated name gets a suffix. progress, when not nil,
// is called after each entry with the number written and the total, on
// the caller's goroutine. Every document is checked before the first byte
// is written, so a document that cannot be printed fails the batch with
// an EINVALID error naming its certificate number, and w stays empty.
func (r *Renderer) WriteZip(w io.Writer, docs []Document, name func(Document) string, progress func(done, total int)) error {
	if name == nil {
		name = EntryName
	}
	for _, d := range docs {
		if err := r.Check(d); err != nil {
			return inCertificate(d, err)
		}
	}
	zw := zip.NewWriter(w)
	names := entryNames{}
	err := r.renderInOrder(docs, func(i int, pdf []byte) error {
		d := docs[i]
		fw, err := zw.CreateHeader(&zip.FileHeader{
			Name:     names.unique(name(d)),
			Method:   zip.Store, // the PDF's streams are compressed already
			Modified: d.IssueDate.Start(),
		})
		if err != nil {
			return err
		}
		if _, err := fw.Write(pdf); err != nil {
			return err
		}
		if progress != nil {
			progress(i+1, len(docs))
		}
		return nil
	})
	if err != nil {
		return err
	}
	return zw.Close()
}

// renderInOrder renders docs on all cores and hands each PDF to emit in
// the order of docs. A bounded queue of result slots keeps the order and
// keeps at most a few PDFs waiting.
func (r *Renderer) renderInOrder(docs []Document, emit func(i int, pdf []byte) error) error {
	type result struct {
		pdf []byte
		err error
	}
	type job struct {
		i   int
		out chan result
	}
	workers := min(runtime.GOMAXPROCS(0), len(docs))
	queue := make(chan chan result, 2*workers+1)
	jobs := make(chan job)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // hands out jobs in order, a slot in the queue for each
		defer wg.Done()
		defer close(queue)
		defer close(jobs)
		for i := range docs {
			out := make(chan result, 1)
			select {
			case queue <- out:
			case <-stop:
				return
			}
			select {
			case jobs <- job{i, out}:
			case <-stop:
				return
			}
		}
	}()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				pdf, err := r.Render(docs[j.i])
				j.out <- result{pdf, err}
			}
		}()
	}
	defer wg.Wait()
	defer close(stop)
	i := 0
	for out := range queue {
		res := <-out
		if res.err != nil {
			return inCertificate(docs[i], res.err)
		}
		if err := emit(i, res.pdf); err != nil {
			return err
		}
		i++
	}
	return nil
}

// inCertificate prefixes a user-facing error with the certificate number.
func inCertificate(d Document, err error) error {
	var e *skillcert.Error
	if errors.As(err, &e) && e.Code != skillcert.EINTERNAL {
		return &skillcert.Error{Code: e.Code, Field: e.Field, Message: "证书" + d.Number + "：" + e.Message, Err: e.Err}
	}
	return err
}

// entryNames makes zip entry names safe and distinct.
type entryNames map[string]bool

func (seen entryNames) unique(name string) string {
	name = strings.NewReplacer("/", "_", "\\", "_", "\x00", "").Replace(strings.TrimSpace(name))
	if name == "" || name == "." || name == ".." {
		name = "certificate.pdf"
	}
	base, ext := name, ""
	if dot := strings.LastIndexByte(name, '.'); dot > 0 {
		base, ext = name[:dot], name[dot:]
	}
	for n := 2; seen[name]; n++ {
		name = fmt.Sprintf("%s(%d)%s", base, n, ext)
	}
	seen[name] = true
	return name
}
