package certificates

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"
)

// Every font of a certificate carries a ToUnicode map, so any PDF reader
// extracts the text as Unicode (not glyph names), and the file stays
// valid.
func TestCertificateFontsHaveToUnicode(t *testing.T) {
	d := sampleDocument()
	d.HolderName = "刘华"
	pdf, err := testRenderer(t).Render(d)
	if err != nil {
		t.Fatal(err)
	}
	qpdfCheck(t, pdf)
	tool := needTool(t, "qpdf", "qpdf")
	out, err := exec.Command(tool, "--qdf", "--object-streams=disable", writeTemp(t, "in.pdf", pdf), "-").Output()
	if err != nil {
		t.Fatalf("qpdf --qdf: %v", err)
	}
	fonts := bytes.Count(out, []byte("/Type /Font\n")) + bytes.Count(out, []byte("/Type /Font "))
	maps := bytes.Count(out, []byte("/ToUnicode "))
	if fonts == 0 || maps != fonts {
		t.Errorf("%d fonts, %d with /ToUnicode", fonts, maps)
	}
	for _, want := range []string{"<5218>", "<534E>", "begincmap", "beginbfchar"} { // 刘 U+5218, 华 U+534E
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("no %s in the ToUnicode maps", want)
		}
	}
	if text := extractText(t, pdf); !strings.Contains(text, "刘华") {
		t.Errorf("pdftotext does not give the name:\n%s", text)
	}
}
