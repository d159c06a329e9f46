package main

import (
	"skillcert/auth"
	"skillcert/certificates"
)

// certificatesRoutes are the routes of certificates: issue, download,
// revoke and reissue for staff, the holder's own list and downloads, and
// the public verification.
func (a *App) certificatesRoutes() []route {
	const tag = "证书"
	return []route{
		// The holder's own, and downloads for the holder or staff in scope.
		{Method: "GET", Path: "/api/my/certificates", Perm: auth.PermCertificatesDownload, Handle: a.apiMyCertificates,
			Summary: "我的证书（含已撤销、已作废）", Tag: tag, Query: []string{"page", "size"}, Reply: pageOf[certificateView]{}},
		{Method: "GET", Path: "/api/certificates/:id", Perm: auth.PermCertificatesDownload, Handle: a.apiGetCertificate,
			Summary: "证书详情（持证人本人或辖区工作人员）", Tag: tag, Reply: certificateView{}},
		{Method: "GET", Path: "/api/certificates/:id/pdf", Perm: auth.PermCertificatesDownload, Handle: a.certificatePDF,
			Summary: "下载证书 PDF（支持 ETag / If-None-Match）", Tag: tag},

		// Staff: issue, revoke, reissue, a course's list and zip, expiry.
		{Method: "POST", Path: "/api/certificates", Perm: auth.PermCertificatesManage, Handle: a.apiIssueCertificate,
			Summary: "为一条已结业的报名发证（重复调用返回同一证书）", Tag: tag, Body: issueRequest{}, Reply: certificateView{}, Status: 201},
		{Method: "POST", Path: "/api/certificates/:id/revoke", Perm: auth.PermCertificatesManage, Handle: a.apiRevokeCertificate,
			Summary: "撤销证书（须填写原因，公开查验时显示）", Tag: tag, Body: reasonRequest{}, Reply: certificateView{}},
		{Method: "POST", Path: "/api/certificates/:id/reissue", Perm: auth.PermCertificatesManage, Handle: a.apiReissueCertificate,
			Summary: "补发证书（新编号，原证书作废）", Tag: tag, Body: reasonRequest{}, Reply: certificateView{}, Status: 201},
		{Method: "GET", Path: "/api/courses/:courseId/certificates", Perm: auth.PermCertificatesManage, Handle: a.apiCourseCertificates,
			Summary: "课程的证书列表与未发证人数", Tag: tag, Query: []string{"page", "size"}, Reply: certificates.CourseCertificates{}},
		{Method: "POST", Path: "/api/courses/:courseId/certificates", Perm: auth.PermCertificatesManage, Handle: a.apiIssueCourse,
			Summary: "为课程全部已结业学员批量发证", Tag: tag, Reply: certificates.BatchResult{}},
		{Method: "GET", Path: "/api/courses/:courseId/certificates/zip", Perm: auth.PermCertificatesManage, Handle: a.courseZip,
			Summary: "下载课程全部有效证书（zip，流式；progress 为进度编号）", Tag: tag, Query: []string{"progress"}},
		{Method: "GET", Path: "/api/certificate-downloads/:key", Perm: auth.PermCertificatesManage, Handle: a.apiDownloadProgress,
			Summary: "证书压缩包下载进度", Tag: tag, Reply: certificates.DownloadProgress{}},
		{Method: "GET", Path: "/api/expiring-certificates", Perm: auth.PermCertificatesManage, Handle: a.apiExpiringCertificates,
			Summary: "按镇（街道）列出即将到期的有效证书（复训名单）", Tag: tag, Query: []string{"town", "days", "kind", "page", "size"},
			Reply: pageOf[certificateView]{}},

		// Public verification (throttled per client IP).
		{Method: "POST", Path: "/api/verify", Perm: auth.PermPublic, Handle: a.apiVerifyByNumber,
			Summary: "证书查验：证书编号 + 持证人姓名", Tag: tag, Body: verifyRequest{}, Reply: certificates.Verification{}},
		{Method: "GET", Path: "/api/verify/:token", Perm: auth.PermPublic, Handle: a.apiVerifyByToken,
			Summary: "证书查验：二维码中的验证码", Tag: tag, Reply: certificates.Verification{}},

		// Pages.
		{Method: "GET", Path: "/my/certificates", Perm: auth.PermCertificatesDownload, Handle: a.pageMyCertificates},
		{Method: "GET", Path: "/certificates/:id/pdf", Perm: auth.PermCertificatesDownload, Handle: a.certificatePDF},
		{Method: "GET", Path: "/certificates", Perm: auth.PermCertificatesManage, Handle: a.pageCertificates},
		{Method: "GET", Path: "/courses/:courseId/certificates", Perm: auth.PermCertificatesManage, Handle: a.pageCourseCertificates},
		{Method: "POST", Path: "/courses/:courseId/certificates", Perm: auth.PermCertificatesManage, Handle: a.pageIssueCourse},
		{Method: "GET", Path: "/courses/:courseId/certificates/zip", Perm: auth.PermCertificatesManage, Handle: a.courseZip},
		{Method: "POST", Path: "/certificates/:id/revoke", Perm: auth.PermCertificatesManage, Handle: a.pageRevokeCertificate},
		{Method: "POST", Path: "/certificates/:id/reissue", Perm: auth.PermCertificatesManage, Handle: a.pageReissueCertificate},
		{Method: "GET", Path: "/verify", Perm: auth.PermPublic, Handle: a.pageVerify},
		{Method: "POST", Path: "/verify", Perm: auth.PermPublic, Handle: a.pageVerifySubmit},
		{Method: "GET", Path: "/verify/:token", Perm: auth.PermPublic, Handle: a.pageVerifyToken},
	}
}

// issueRequest asks for one enrollment's certificate.
type issueRequest struct {
	EnrollmentID string `json:"enrollmentId"`
}

// reasonRequest carries the reason of a revocation or a reissue.
type reasonRequest struct {
	Reason string `json:"reason"`
}

// verifyRequest looks a certificate up by number and holder's name.
type verifyRequest struct {
	Number string `json:"number"`
	Name   string `json:"name"`
}
