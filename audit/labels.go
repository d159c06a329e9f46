package audit

import (
	"sort"
	"strings"
)

// Chinese labels of the actions, target types and results the trail
// records, for the auditor's pages. An unknown code shows as itself.

var actionLabels = map[string]string{
	"access":                 "越权访问",
	"login":                  "登录",
	"logout":                 "退出登录",
	"password.change":        "修改密码",
	"account.create":         "新建账号",
	"account.disable":        "停用账号",
	"account.enable":         "启用账号",
	"account.unlock":         "解除登录限制",
	"account.password_reset": "重置密码",
	"account.register":       "学员注册账号",
	"account.activate":       "注册账号生效",
	"account.rename":         "登录名随手机号变更",

	"person.create":          "登记人员",
	"person.update":          "修改人员",
	"person.delete":          "删除人员",
	"person.import":          "导入人员",
	"person.export":          "导出人员",
	"person.reveal":          "查看完整身份证号码",
	"person.reveal_id":       "查看完整身份证号码",
	"person.register":        "学员自助注册",
	"person.confirm":         "确认自助注册",
	"person.reject":          "不予确认自助注册",
	"person.activation_code": "生成注册激活码",

	"course.create":       "新建课程",
	"course.update":       "修改课程",
	"course.status":       "变更课程状态",
	"course.evaluate":     "评定结业",
	"course.repair":       "修复课程数据",
	"session.create":      "新建课次",
	"session.update":      "修改课次",
	"session.delete":      "删除课次",
	"enrollment.create":   "报名",
	"enrollment.bulk":     "批量报名",
	"enrollment.cancel":   "取消报名",
	"enrollment.promote":  "候补转正",
	"enrollment.score":    "录入成绩",
	"attendance.checkin":  "签到",
	"attendance.code":     "查看签到码",
	"attendance.correct":  "更正考勤",
	"attendance.read":     "查看考勤",
	"attendance.roll":     "点名",
	"certificate.issue":   "签发证书",
	"certificate.revoke":  "撤销证书",
	"certificate.reissue": "补发证书",
	"certificate.pdf":     "下载证书",
	"certificate.zip":     "打包下载证书",

	"recruitment.post.create":          "发布协理员岗位",
	"recruitment.post.close":           "截止报名",
	"recruitment.post.closed":          "报名已截止",
	"recruitment.post.select":          "确定拟录用人选",
	"recruitment.post.submit":          "提交联合审定",
	"recruitment.application.create":   "提交报名",
	"recruitment.application.update":   "修改报名",
	"recruitment.application.override": "资格例外认定",
	"recruitment.application.rescreen": "重新资格审查",
	"recruitment.application.review":   "联合审定",
	"recruitment.scores.enter":         "录入考试成绩",
	"recruitment.notice.publish":       "发布公示",
	"recruitment.hire":                 "正式录用",
	"recruitment.account.create":       "为录用人员建账号",
	"recruitment.policy.create":        "新增政策参数版本",
	"recruitment.holidays.set":         "设置节假日",
	"recruitment.posting.update":       "登记协理员在岗信息",

	"subsidy.construction.apply":   "申请平台建设补助",
	"subsidy.construction.approve": "验收批准平台建设补助",
	"subsidy.construction.return":  "退回平台建设补助申请",
	"subsidy.construction.reverse": "撤销平台建设补助",
	"subsidy.ledger.generate":      "生成人员经费台账",
	"subsidy.ledger.submit":        "提交人员经费台账",
	"subsidy.ledger.approve":       "批准人员经费台账",
	"subsidy.ledger.return":        "退回人员经费台账",
}

var targetLabels = map[string]string{
	"account": "账号", "route": "接口", "person": "人员", "persons": "人员名单", "import": "导入任务",
	"throttle": "频率限制", "course": "课程", "session": "课次", "enrollment": "报名", "attendance": "考勤",
	"certificate": "证书", "application": "报名申请", "post": "岗位", "policy": "政策参数",
	"holidays": "节假日", "notice": "公示",
	"subsidy_construction": "平台建设补助", "subsidy_ledger": "人员经费台账",
}

var resultLabels = map[string]string{ResultOK: "成功", ResultDenied: "拒绝", ResultFailed: "失败"}

// ActionLabel is an action's name in Chinese.
func ActionLabel(action string) string {
	if l, ok := actionLabels[action]; ok {
		return l
	}
	// An unlisted action of a known kind: the kind's label and the code.
	if kind, _, ok := strings.Cut(action, "."); ok {
		if l, ok := targetLabels[kind]; ok {
			return l + "（" + action + "）"
		}
	}
	return action
}

// TargetLabel is a target type's name in Chinese.
func TargetLabel(t string) string {
	if l, ok := targetLabels[t]; ok {
		return l
	}
	return t
}

// ResultLabel is a result's name in Chinese.
func ResultLabel(r string) string {
	if l, ok := resultLabels[r]; ok {
		return l
	}
	return r
}

// Actions lists the known actions for a filter's choices, with labels.
func Actions() [][2]string {
	out := make([][2]string, 0, len(actionLabels))
	for k, v := range actionLabels {
		out = append(out, [2]string{k, v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}
