package certificates

import (
	"bytes"
	"fmt"
	"io"
	"testing"

	"github.com/jung-kurt/gofpdf"
)

// renderNaive renders the same page the straightforward way: gofpdf is
// given the whole fonts, which it parses and subsets on every document.
func renderNaive(r *Renderer, d Document) ([]byte, error) {
	p, err := r.layout(d)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	err = r.paint(d, p, &buf, wholeFonts{r.fonts})
	return buf.Bytes(), err
}

// wholeFonts gives gofpdf the whole fonts as UTF-8 fonts.
type wholeFonts struct{ fs *fontSet }

func (w wholeFonts) add(pdf *gofpdf.Fpdf) {
	pdf.AddUTF8FontFromBytes(familyCJK, "", cjkFontData)
	pdf.AddUTF8FontFromBytes(familyLatin, "", latinFontData)
}

func (w wholeFonts) runs(text string) []run { return w.fs.runs(text) }

func BenchmarkCertificateRender(b *testing.B) {
	r := testRenderer(b)
	d := sampleDocument()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Render(d); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCertificateNaiveBaseline(b *testing.B) {
	r := testRenderer(b)
	d := sampleDocument()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := renderNaive(r, d); err != nil {
			b.Fatal(err)
		}
	}
}

// batchDocuments returns n certificates of one course with distinct
// holders, numbers and tokens.
func batchDocuments(n int) []Document {
	surnames := []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
	given := []rune("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬鑫晨昊喆堃玥婕琪")
	docs := make([]Document, n)
	for i := range docs {
		d := sampleDocument()
		d.HolderName = string(surnames[i%len(surnames)]) + string(given[(i*7)%len(given)]) + string(given[(i*13+5)%len(given)])
		if i%2 == 1 {
			d.Gender = GenderFemale
		}
		d.Number = fmt.Sprintf("TX2026-WZ-%06d", i+1)
		d.VerifyURL = fmt.Sprintf("https://rsbz.tx.example.cn/verify/q/%020x", uint64(i+1)*0x9E3779B97F4A7C15)
		docs[i] = d
	}
	return docs
}

func BenchmarkCertificateBatch500(b *testing.B) {
	r := testRenderer(b)
	docs := batchDocuments(500)
	b.ReportAllocs()
	for b.Loop() {
		if err := r.WriteZip(io.Discard, docs, nil, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// runs splits text into runs of characters printed by one face.
func (s *fontSet) runs(text string) []run {
	var out []run
	for _, c := range text {
		_, family, _ := s.faceOf(c)
		if n := len(out); n > 0 && out[n-1].family == family {
			out[n-1].s += string(c)
			out[n-1].text = out[n-1].s
			continue
		}
		out = append(out, run{family, string(c), string(c)})
	}
	return out
}
