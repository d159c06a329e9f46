package certificates

import (
	"bytes"
	"flag"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// testDocuments are certificates of each kind, with ordinary, long and
// rare-character values.
func testDocuments() map[string]Document {
	rare := sampleDocument()
	rare.Kind = KindEntrepreneurship
	rare.HolderName = "龑堃"
	rare.CourseTitle = "创业培训（SYB）——喆玥璟赟犇骉燚垚专题"
	rare.Trade, rare.Level = "", ""
	rare.Organizer = "桐乡市濮院镇人力资源和社会保障管理所"
	return map[string]Document{"sample": sampleDocument(), "long": longDocument(), "rare": rare}
}

// TestRenderPrintsEveryField extracts the text of each certificate with
// pdftotext and finds every printed string whole in it, long ones wrapped
// over two lines included.
func TestRenderPrintsEveryField(t *testing.T) {
	r := testRenderer(t)
	for name, d := range testDocuments() {
		t.Run(name, func(t *testing.T) {
			pdf, err := r.Render(d)
			if err != nil {
				t.Fatal(err)
			}
			got := squeeze(extractText(t, pdf))
			want := []string{d.Kind.Title(), statement, qrCaption, "证书编号：" + d.Number, "验证网址：" + d.VerifyURL}
			for _, f := range d.printedFields() {
				want = append(want, f.text)
			}
			for _, w := range want {
				if !strings.Contains(got, squeeze(w)) {
					t.Errorf("extracted text lacks %q\n%s", w, got)
				}
			}
		})
	}
}

// TestRenderPrintsAnyCharacterOfTheFont draws several hundred random
// characters of the fonts, more than one embedded font holds, and reads
// them back.
func TestRenderPrintsAnyCharacterOfTheFont(t *testing.T) {
	r := testRenderer(t)
	rng := rand.New(rand.NewPCG(7, 11))
	var all []rune
	for c := rune(0x4E00); c <= 0x9FFF; c++ {
		if _, _, ok := r.fonts.faceOf(c); ok {
			all = append(all, c)
		}
	}
	p := &page{}
	var lines []string
	for i := range 12 {
		var line []rune
		for range 40 {
			line = append(line, all[rng.IntN(len(all))])
		}
		line = append(line, []rune("Az09")...)
		lines = append(lines, string(line))
		p.add(20, 20+float64(i)*12, 12, string(line), colorInk)
	}
	df := newDocFonts(r.fonts, newFontCache(1), p)
	if len(df.fonts) < 3 {
		t.Fatalf("%d fonts for 480 characters, want the CJK ones split over at least two", len(df.fonts))
	}
	var buf bytes.Buffer
	if err := r.paint(sampleDocument(), p, &buf, df); err != nil {
		t.Fatal(err)
	}
	got := squeeze(extractText(t, buf.Bytes()))
	for _, line := range lines {
		if !strings.Contains(got, line) {
			t.Errorf("extracted text lacks %q", line)
		}
	}
	qpdfCheck(t, buf.Bytes())
}

func TestRenderRefusesMissingGlyphs(t *testing.T) {
	r := testRenderer(t)
	tests := []struct {
		field, want string
		change      func(*Document)
	}{
		{"holderName", "姓名中的“𠈌”字无法在证书字体中显示，请联系管理员处理", func(d *Document) { d.HolderName = "王𠈌" }},
		{"courseTitle", "培训项目中的“😀”字无法在证书字体中显示", func(d *Document) { d.CourseTitle = "电工培训😀" }},
		{"organizer", "发证机构中含有无法打印的字符（U+E000）", func(d *Document) { d.Organizer = "桐乡市\uE000管理所" }},
		{"trade", "工种中的“ᠮ”字", func(d *Document) { d.Trade = "ᠮᠣᠩ" }},
		{"holderName", "姓名中含有无法打印的字符（U+000A）", func(d *Document) { d.HolderName = "张\n三" }},
		{"verifyURL", "验证网址中含有无法打印的字符（U+0009）", func(d *Document) { d.VerifyURL = "https://x.cn/\t" }},
	}
	for _, tt := range tests {
		d := sampleDocument()
		tt.change(&d)
		pdf, err := r.Render(d)
		if pdf != nil {
			t.Errorf("%s: rendered despite the missing glyph", tt.field)
		}
		assertInvalid(t, err, tt.field, tt.want)
		assertInvalid(t, r.Check(d), tt.field, tt.want)
	}
}

func TestRenderIsDeterministic(t *testing.T) {
	r := testRenderer(t)
	d := longDocument()
	first, err := r.Render(d)
	if err != nil {
		t.Fatal(err)
	}
	// Renders in parallel share the renderer and must agree too.
	var wg sync.WaitGroup
	results := make([][]byte, 8)
	for i := range results {
		wg.Go(func() { results[i], _ = r.Render(d) })
	}
	wg.Wait()
	for i, pdf := range results {
		if !bytes.Equal(pdf, first) {
			t.Fatalf("render %d differs from the first", i)
		}
	}
	if ETag(results[0]) != ETag(first) {
		t.Fatal("same bytes, different ETag")
	}
	// Nor does what was rendered before matter: a fresh renderer, with
	// none of the shared fonts cached, gives the same bytes.
	fresh, err := NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	if pdf, _ := fresh.Render(d); !bytes.Equal(pdf, first) {
		t.Fatal("a fresh renderer gives different bytes")
	}
	// The dates in the file are the issue date, not the time of rendering.
	if !bytes.Contains(first, []byte("/CreationDate (D:20260605000000)")) || !bytes.Contains(first, []byte("/ModDate (D:20260605000000)")) {
		t.Error("creation and modification dates are not the issue date")
	}

	other := d
	other.HolderName = "张三"
	pdf, err := r.Render(other)
	if err != nil {
		t.Fatal(err)
	}
	if ETag(pdf) == ETag(first) {
		t.Error("a different holder gives the same ETag")
	}
}

func TestETag(t *testing.T) {
	tag := ETag([]byte("%PDF-1.4"))
	if !regexp.MustCompile(`^"[0-9a-f]{32}"$`).MatchString(tag) {
		t.Errorf("ETag = %s, want a quoted 32-digit hex string", tag)
	}
	if ETag([]byte("%PDF-1.5")) == tag {
		t.Error("different bytes, same ETag")
	}
}

func TestRenderPassesQPDFCheck(t *testing.T) {
	r := testRenderer(t)
	for name, d := range testDocuments() {
		pdf, err := r.Render(d)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(name, func(t *testing.T) { qpdfCheck(t, pdf) })
	}
}

// qpdfCheck runs qpdf --check on a PDF, which exits non-zero on any
// structural error and 3 on warnings; both fail the test.
func qpdfCheck(t *testing.T, pdf []byte) {
	t.Helper()
	tool := needTool(t, "qpdf", "qpdf")
	out, err := exec.Command(tool, "--check", writeTemp(t, "check.pdf", pdf)).CombinedOutput()
	if err != nil {
		t.Fatalf("qpdf --check: %v\n%s", err, out)
	}
	if !bytes.Contains(out, []byte("No syntax or stream encoding errors found")) {
		t.Fatalf("qpdf --check did not pass:\n%s", out)
	}
}

// TestRenderGoldenText compares the extracted text of each certificate
// with testdata/<name>.golden.txt; go test -update rewrites the files.
func TestRenderGoldenText(t *testing.T) {
	r := testRenderer(t)
	for name, d := range testDocuments() {
		t.Run(name, func(t *testing.T) {
			pdf, err := r.Render(d)
			if err != nil {
				t.Fatal(err)
			}
			got := extractText(t, pdf)
			path := filepath.Join("testdata", name+".golden.txt")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("extracted text differs from %s (go test -update rewrites it)\ngot:\n%s\nwant:\n%s", path, got, want)
			}
		})
	}
}
