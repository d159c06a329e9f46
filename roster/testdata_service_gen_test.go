package roster

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// The service's import tests read two more files, written by
// `go test ./roster -run TestWriteServiceTestdata -update`: residents of
// 乌镇镇 (WZ) in real villages of the org tree, and the same residents a
// year later, one moved to another village, as Chinese Excel writes CSV
// (GBK). All names are made up, all ID numbers synthetic.

// wzID are the ID numbers of the residents in wz_residents.xlsx.
var wzID = func() map[string]string {
	m := map[string]string{}
	for name, first17 := range map[string]string{
		"沈建国": "33048319850312101", "钱丽华": "33048319920704202", "褚建明": "33048319780109301",
		"蒋秀英": "33048319661122402", "王海峰": "33048319880808501", "吴小红": "33048320010315602",
		"徐德福": "33048319590601701",
	} {
		m[name] = first17 + string(IDCheckChar(first17))
	}
	return m
}()

// wzResidentsRows: line 2–4 and 7 are 乌镇镇 residents, line 5 lives in
// 洲泉镇 (another town), line 6 names a village 乌镇镇 does not have.
func wzResidentsRows() [][]string {
	return [][]string{
		templateHeader(),
		{"沈建国", wzID["沈建国"], "13905731234", "乌镇镇", "民合村", "企业职工", "高中", "基本操作", "", "在职", ""},
		{"钱丽华", wzID["钱丽华"], "", "乌镇", "横港村", "被征地农民、就业困难人员", "初中", "无", "", "失业", ""},
		{"褚建明", wzID["褚建明"], "13711112222", "乌镇镇", "虹桥村", "企业职工", "大专", "有证书", "全国计算机等级考试二级", "在职", "=SUM(A1:A2)"},
		{"蒋秀英", wzID["蒋秀英"], "", "洲泉镇", "湘溪村", "农村低保家庭", "小学", "", "", "务农", ""},
		{"王海峰", wzID["王海峰"], "", "乌镇镇", "示例村", "企业职工", "高中", "", "", "在职", ""},
		{"吴小红", wzID["吴小红"], "13600001111", "乌镇镇", "陈庄村", "城镇零就业家庭", "本科", "", "", "未就业", ""},
	}
}

// wzMovedRows (GBK CSV): 沈建国 unchanged (his mobile cell left empty),
// 钱丽华 moved from 横港村 to 陈庄村, 吴小红 with a new mobile number,
// 徐德福 new, and 褚建明 as before.
func wzMovedRows() [][]string {
	return [][]string{
		templateHeader(),
		{"沈建国", wzID["沈建国"], "", "乌镇镇", "民合村", "企业职工", "高中", "基本操作", "", "在职", ""},
		{"钱丽华", wzID["钱丽华"], "", "乌镇镇", "陈庄村", "被征地农民、就业困难人员", "初中", "无", "", "失业", ""},
		{"吴小红", wzID["吴小红"], "13600002222", "乌镇镇", "陈庄村", "城镇零就业家庭", "本科", "", "", "未就业", ""},
		{"徐德福", wzID["徐德福"], "", "乌镇镇", "民合村", "企业退休人员", "小学", "", "", "退休", ""},
		{"褚建明", wzID["褚建明"], "13711112222", "乌镇镇", "虹桥村", "企业职工", "大专", "有证书", "全国计算机等级考试二级", "在职", "'=SUM(A1:A2)"},
	}
}

func TestWriteServiceTestdata(t *testing.T) {
	if !*update {
		t.Skip("run with -update to rewrite testdata/")
	}
	var rows [][]any
	for _, r := range wzResidentsRows() {
		rows = append(rows, anyRow(r))
	}
	if err := os.WriteFile(filepath.Join("testdata", "wz_residents.xlsx"), sheetXLSX(t, rows), 0o644); err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, r := range wzMovedRows() {
		lines = append(lines, strings.Join(r, ","))
	}
	gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(strings.Join(lines, "\r\n") + "\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join("testdata", "wz_moved_gbk.csv"), gbk, 0o644); err != nil {
		t.Fatal(err)
	}
}
