package demo

import (
	"context"
	"fmt"
	"time"

	"skillcert"
	"skillcert/orgs"
	"skillcert/platform"
	"skillcert/roster"
)

// The demo register: about 300 residents spread over every village of the
// city and every target group. All of them are made up: the names are
// combinations of common characters and the ID numbers are synthetic
// (桐乡 address code 330483, correct check characters); each carries the
// note DemoNote.

// DemoNote is the 备注 of every demo resident.
const DemoNote = "演示数据，人员虚构"

// perVillage is how many residents each village gets.
const perVillage = 6

// TraineeIDNumber is the ID number of the demo trainee's person record
// (李学员, 乌镇镇民合村); the demo trainee account links to it.
var TraineeIDNumber = withCheck("33048319950520102")

// trainee is the demo trainee's own record.
func trainee() roster.PersonInput {
	return roster.PersonInput{
		Name: "李学员", IDNumber: TraineeIDNumber, Mobile: "13800000001", Town: "WZ", Village: "WZ01",
		Groups: []string{string(roster.GroupLandlessFarmer)}, Education: string(roster.EduSeniorHigh),
		ComputerLevel: string(roster.ComputerBasic), Employment: string(roster.FlexibleStatus), Notes: DemoNote,
	}
}

func withCheck(first17 string) string { return first17 + string(roster.IDCheckChar(first17)) }

var (
	surnames   = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡沈钱褚蒋姚屠费严金陆顾汪钟邵俞")
	maleGiven  = []rune("建国伟强军明华平志勇海峰德福荣林斌涛杰")
	femaleGiv  = []rune("秀英丽芳娟红梅玲燕霞琴萍兰云凤洁珍婷")
	groupMixes = [][]roster.TargetGroup{
		{roster.GroupEnterpriseWorker},
		{roster.GroupLandlessFarmer},
		{roster.GroupEnterpriseWorker, roster.GroupLandlessFarmer},
		{roster.GroupEmploymentDifficult},
		{roster.GroupZeroEmployment, roster.GroupEmploymentDifficult},
		{roster.GroupRuralLowIncome},
		{roster.GroupLandlessFarmer, roster.GroupRuralLowIncome},
		{roster.GroupEnterpriseWorker},
		{roster.GroupPlatformStaff},
		{roster.GroupEnterpriseRetiree},
	}
	educations = []roster.Education{
		roster.EduPrimary, roster.EduJuniorHigh, roster.EduJuniorHigh, roster.EduSeniorHigh, roster.EduSecondaryVo,
		roster.EduTechnical, roster.EduCollege, roster.EduCollege, roster.EduBachelor, roster.EduMaster,
	}
	employment = []roster.EmploymentStatus{
		roster.EmployedStatus, roster.EmployedStatus, roster.FlexibleStatus, roster.SelfEmployedStatus,
		roster.FarmingStatus, roster.UnemployedStatus, roster.NotEmployedStatus, roster.EmployedStatus,
	}
)

// residents returns the demo residents of a town, the same every time.
func residents(tree *orgs.Tree, town orgs.Unit, seq *int) []roster.PersonInput {
	var out []roster.PersonInput
	for _, v := range tree.Villages(town.Code) {
		for k := 0; k < perVillage; k++ {
			*seq++
			out = append(out, resident(*seq, town, v))
		}
	}
	return out
}

// resident makes the n-th demo resident, living in village v of town.
func resident(n int, town, v orgs.Unit) roster.PersonInput {
	male := n%2 == 1
	mix := groupMixes[n%len(groupMixes)]
	birth := time.Date(1962, 3, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n*7919%15000)
	if mix[0] == roster.GroupEnterpriseRetiree {
		birth = time.Date(1955, 6, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n*29%2500)
	}
	// Sequence codes: odd for men, even for women, distinct per resident.
	sequence := (n%450)*2 + 100
	if male {
		sequence++
	}
	given := femaleGiv
	if male {
		given = maleGiven
	}
	name := string(surnames[n%len(surnames)]) + string(given[n*7%len(given)])
	if n%3 != 0 {
		name += string(given[(n*11+3)%len(given)])
	}
	groups := make([]string, len(mix))
	for i, g := range mix {
		groups[i] = string(g)
	}
	in := roster.PersonInput{
		Name:       name,
		IDNumber:   withCheck(fmt.Sprintf("330483%s%03d", birth.Format("20060102"), sequence)),
		Town:       town.Code,
		Village:    v.Code,
		Groups:     groups,
		Education:  string(educations[n*3%len(educations)]),
		Employment: string(employment[n%len(employment)]),
		Notes:      DemoNote,
	}
	switch mix[0] {
	case roster.GroupEnterpriseRetiree:
		in.Employment = string(roster.RetiredStatus)
	case roster.GroupPlatformStaff:
		in.Employment, in.Education = string(roster.EmployedStatus), string(roster.EduCollege)
	}
	if n%4 != 0 {
		in.Mobile = fmt.Sprintf("139%08d", 5730000+n)
	}
	switch n % 5 {
	case 0:
		in.ComputerLevel = string(roster.ComputerNone)
	case 1, 2:
		in.ComputerLevel = string(roster.ComputerBasic)
	case 3:
		in.ComputerLevel, in.ComputerCert = string(roster.ComputerCertified), "全国计算机等级考试一级"
	}
	return in
}

// loadResidents loads the demo register, town by town, each as that
// town's staff through the same batch import as a file; the trainee's
// record goes last, so its presence means the register is complete. It
// returns the ID of the demo trainee's person.
func loadResidents(ctx context.Context, s *platform.Services) (string, error) {
	city := &skillcert.Actor{AccountID: "system", Username: "system", Name: "系统初始化", Role: skillcert.RoleCityAdmin, IP: "127.0.0.1"}
	if ids, err := s.Roster.PersonIDsByIDNumbers(ctx, city, []string{TraineeIDNumber}); err != nil {
		return "", err
	} else if id, ok := ids[TraineeIDNumber]; ok {
		return id, nil
	}
	seq := 0
	for _, town := range s.Orgs.Towns() {
		inputs := residents(s.Orgs, town, &seq)
		if town.Code == "WZ" {
			inputs = append(inputs, trainee())
		}
		staff := &skillcert.Actor{AccountID: "system", Username: "system", Name: "系统初始化", Role: skillcert.RoleTownStaff, Town: town.Code, IP: "127.0.0.1"}
		job, err := s.Roster.ImportInputs(ctx, staff, "演示数据（人员虚构）", inputs)
		if err != nil {
			return "", fmt.Errorf("demo residents of %s: %w", town.Name, err)
		}
		if job.Invalid > 0 {
			errs, _ := s.Roster.ImportErrors(ctx, staff, job.ID)
			return "", fmt.Errorf("demo residents of %s: %d rows refused: %v", town.Name, job.Invalid, errs)
		}
	}
	ids, err := s.Roster.PersonIDsByIDNumbers(ctx, city, []string{TraineeIDNumber})
	if err != nil {
		return "", err
	}
	id, ok := ids[TraineeIDNumber]
	if !ok {
		return "", fmt.Errorf("demo trainee's record was not loaded")
	}
	return id, nil
}
