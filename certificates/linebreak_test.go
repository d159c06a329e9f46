package certificates

import (
	"strings"
	"testing"
)

// The organizer line breaks between words, never inside 社会, 人力资源,
// 保障 or the unit's kind (管理所, 工作站).
func TestOrganizerLineKeepsWordsWhole(t *testing.T) {
	fs := testRenderer(t).fonts
	units := []string{"桐乡市人力资源和社会保障局", "桐乡市乌镇镇人力资源和社会保障管理所", "桐乡市梧桐街道人力资源和社会保障管理所",
		"桐乡市桐乡经济开发区人力资源和社会保障管理所", "桐乡经济开发区开发区社区人力资源和社会保障工作站", "崇福镇御驾桥村人力资源和社会保障工作站"}
	words := []string{"人力资源", "社会", "保障", "管理所", "工作站", "开发区", "街道"}
	for _, u := range units {
		for _, width := range []float64{issuerWidth, 70, 60, 50} {
			lines := fs.wrap(u, width, 16)
			if strings.Join(lines, "") != u {
				t.Fatalf("%s at %.0f mm: lines %q lose text", u, width, lines)
			}
			for i := 1; i < len(lines); i++ {
				for _, w := range words {
					for k := 1; k < len([]rune(w)); k++ {
						r := []rune(w)
						if strings.HasSuffix(lines[i-1], string(r[:k])) && strings.HasPrefix(lines[i], string(r[k:])) {
							t.Errorf("%s at %.0f mm breaks inside %s: %q", u, width, w, lines)
						}
					}
				}
			}
		}
	}
}
