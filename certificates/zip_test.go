package certificates

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"testing"
)

func TestWriteZipStreamsInOrder(t *testing.T) {
	r := testRenderer(t)
	docs := batchDocuments(23)
	docs[5].HolderName = docs[4].HolderName // entry names collide
	docs[5].Number = docs[4].Number
	var progress [][2]int
	var buf bytes.Buffer
	err := r.WriteZip(&buf, docs, nil, func(done, total int) { progress = append(progress, [2]int{done, total}) })
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if len(zr.File) != len(docs) {
		t.Fatalf("%d entries, want %d", len(zr.File), len(docs))
	}
	for i, f := range zr.File {
		want := EntryName(docs[i])
		if i == 5 {
			want = fmt.Sprintf("%s_%s(2).pdf", docs[5].Number, docs[5].HolderName)
		}
		if f.Name != want {
			t.Errorf("entry %d is %q, want %q", i, f.Name, want)
		}
		if !f.Modified.Equal(docs[i].IssueDate.Start()) {
			t.Errorf("entry %d modified %v, want the issue date", i, f.Modified)
		}
		got := readEntry(t, f)
		pdf, _ := r.Render(docs[i])
		if !bytes.Equal(got, pdf) {
			t.Errorf("entry %d is not the certificate's PDF", i)
		}
	}
	if len(progress) != len(docs) || progress[0] != [2]int{1, 23} || progress[22] != [2]int{23, 23} {
		t.Errorf("progress calls = %v", progress)
	}

	// The same batch gives the same archive.
	var again bytes.Buffer
	if err := r.WriteZip(&again, docs, nil, nil); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again.Bytes(), buf.Bytes()) {
		t.Error("the same batch gave a different archive")
	}
}

func readEntry(t *testing.T, f *zip.File) []byte {
	t.Helper()
	rc, err := f.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestWriteZipNames(t *testing.T) {
	r := testRenderer(t)
	docs := batchDocuments(3)
	name := func(d Document) string { return "../证书/" + d.Number + ".pdf" }
	var buf bytes.Buffer
	if err := r.WriteZip(&buf, docs, name, nil); err != nil {
		t.Fatal(err)
	}
	zr, _ := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	for i, f := range zr.File {
		if want := ".._证书_" + docs[i].Number + ".pdf"; f.Name != want {
			t.Errorf("entry %q, want %q", f.Name, want)
		}
	}
}

func TestWriteZipRefusesABadDocumentBeforeWriting(t *testing.T) {
	r := testRenderer(t)
	docs := batchDocuments(10)
	docs[7].HolderName = "李𠈌"
	var buf bytes.Buffer
	err := r.WriteZip(&buf, docs, nil, func(int, int) { t.Error("progress reported") })
	assertInvalid(t, err, "holderName", "证书"+docs[7].Number+"：姓名中的“𠈌”字")
	if buf.Len() != 0 {
		t.Errorf("%d bytes written before the error", buf.Len())
	}
}

func TestWriteZipEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := testRenderer(t).WriteZip(&buf, nil, nil, nil); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil || len(zr.File) != 0 {
		t.Fatalf("empty batch: %v, %d entries", err, len(zr.File))
	}
}

// failingWriter fails after n bytes, like a client that went away.
type failingWriter struct{ n int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if w.n -= len(p); w.n < 0 {
		return 0, errors.New("connection reset")
	}
	return len(p), nil
}

func TestWriteZipStopsWhenTheWriterFails(t *testing.T) {
	r := testRenderer(t)
	docs := batchDocuments(40)
	done := 0
	err := r.WriteZip(&failingWriter{n: 200_000}, docs, nil, func(d, _ int) { done = d })
	if err == nil || err.Error() != "connection reset" {
		t.Fatalf("err = %v, want the writer's error", err)
	}
	if done == 0 || done >= len(docs) {
		t.Errorf("stopped after %d certificates", done)
	}
}
