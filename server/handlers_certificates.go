package main

import (
	"bufio"
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"skillcert"
	"skillcert/certificates"
)

// certificateView is a certificate as its holder and staff see it: the
// record with its state today and its addresses.
type certificateView struct {
	certificates.Certificate
	State        certificates.State `json:"state"`
	StateLabel   string             `json:"stateLabel"`
	VerifyURL    string             `json:"verifyUrl"`
	DownloadURL  string             `json:"downloadUrl,omitempty"` // "" when it cannot be downloaded
	Downloadable bool               `json:"-"`
}

func (a *App) certificateView(c *certificates.Certificate) certificateView {
	st := c.StateOn(a.Certificates.Now())
	v := certificateView{Certificate: *c, State: st, StateLabel: st.Label(),
		VerifyURL: certificates.VerifyURL(a.Certificates.BaseURL(), c.Token)}
	if st == certificates.StateValid || st == certificates.StateExpired {
		v.DownloadURL, v.Downloadable = "/certificates/"+c.ID+"/pdf", true
	}
	return v
}

func (a *App) certificateViews(p skillcert.Page[certificates.Certificate]) skillcert.Page[certificateView] {
	items := make([]certificateView, len(p.Items))
	for i := range p.Items {
		items[i] = a.certificateView(&p.Items[i])
	}
	return skillcert.Page[certificateView]{Items: items, Total: p.Total, Page: p.Page, Size: p.Size}
}

func (a *App) apiMyCertificates(c *fiber.Ctx) error {
	page, err := pageQuery(c)
	if err != nil {
		return err
	}
	res, err := a.Certificates.Mine(c.UserContext(), actorOf(c), page)
	if err != nil {
		return err
	}
	return c.JSON(a.certificateViews(res))
}

func (a *App) apiGetCertificate(c *fiber.Ctx) error {
	cert, err := a.Certificates.Get(c.UserContext(), actorOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(a.certificateView(cert))
}

// certificatePDF serves a certificate's PDF (API and page): the bytes are
// the same for the same certificate, so a client holding the current ETag
// gets 304 Not Modified.
func (a *App) certificatePDF(c *fiber.Ctx) error {
	cert, pdf, err := a.Certificates.PDF(c.UserContext(), actorOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	etag := certificates.ETag(pdf)
	c.Set(fiber.HeaderETag, etag)
	// Personal data: only the browser keeps it, and asks again each time.
	c.Set(fiber.HeaderCacheControl, "private, no-cache")
	if etagMatches(c.Get(fiber.HeaderIfNoneMatch), etag) {
		return c.SendStatus(http.StatusNotModified)
	}
	c.Set(fiber.HeaderContentType, "application/pdf")
	c.Set(fiber.HeaderContentDisposition, contentDisposition(cert.FileName(), cert.Number+".pdf"))
	return c.Send(pdf)
}

// etagMatches applies If-None-Match (RFC 9110 §13.1.2): "*" or any listed
// tag equal to etag under the weak comparison.
func etagMatches(header, etag string) bool {
	if header == "" {
		return false
	}
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == strings.TrimPrefix(etag, "W/") {
			return true
		}
	}
	return false
}

// contentDisposition names a download: the UTF-8 name in filename* (RFC
// 6266, 8187) and an ASCII fallback for old clients.
func contentDisposition(name, ascii string) string {
	var b strings.Builder
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(name); i++ {
		ch := name[i]
		if ch < 0x80 && (ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || strings.IndexByte("!#$&+-.^_`|~", ch) >= 0) {
			b.WriteByte(ch)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[ch>>4])
		b.WriteByte(hex[ch&15])
	}
	ascii = strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' {
			return -1
		}
		return r
	}, ascii)
	return `attachment; filename="` + ascii + `"; filename*=UTF-8''` + b.String()
}

func (a *App) apiIssueCertificate(c *fiber.Ctx) error {
	var in issueRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	if strings.TrimSpace(in.EnrollmentID) == "" {
		return skillcert.Invalid("enrollmentId", "请指定报名记录（enrollmentId）")
	}
	cert, created, err := a.Certificates.Issue(c.UserContext(), actorOf(c), in.EnrollmentID)
	if err != nil {
		return err
	}
	status := fiber.StatusOK
	if created {
		status = fiber.StatusCreated
	}
	return c.Status(status).JSON(a.certificateView(cert))
}

func (a *App) apiRevokeCertificate(c *fiber.Ctx) error {
	var in reasonRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	cert, err := a.Certificates.Revoke(c.UserContext(), actorOf(c), c.Params("id"), in.Reason)
	if err != nil {
		return err
	}
	return c.JSON(a.certificateView(cert))
}

func (a *App) apiReissueCertificate(c *fiber.Ctx) error {
	var in reasonRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	cert, err := a.Certificates.Reissue(c.UserContext(), actorOf(c), c.Params("id"), in.Reason)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(a.certificateView(cert))
}

func (a *App) apiCourseCertificates(c *fiber.Ctx) error {
	page, err := pageQuery(c)
	if err != nil {
		return err
	}
	res, err := a.Certificates.Course(c.UserContext(), actorOf(c), c.Params("courseId"), page)
	if err != nil {
		return err
	}
	return c.JSON(res)
}

func (a *App) apiIssueCourse(c *fiber.Ctx) error {
	res, err := a.Certificates.IssueCourse(c.UserContext(), actorOf(c), c.Params("courseId"))
	if err != nil {
		return err
	}
	return c.JSON(res)
}

// courseZip streams a course's certificates as a zip (API and page).
// Everything that can fail for a reason the user can fix fails before
// the first byte; with ?progress=KEY the page polls
// /api/certificate-downloads/KEY to draw a progress bar.
func (a *App) courseZip(c *fiber.Ctx) error {
	actor, ctx := actorOf(c), c.UserContext()
	key := c.Query("progress")
	if key != "" && !certificates.ValidProgressKey(key) {
		return skillcert.Invalid("progress", "进度编号应为 16 到 64 个字母、数字、- 或 _")
	}
	batch, err := a.Certificates.CourseZip(ctx, actor, c.Params("courseId"))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "application/zip")
	c.Set(fiber.HeaderContentDisposition, contentDisposition(batch.FileName(), "certificates-"+batch.CourseID+".zip"))
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set("X-Certificate-Count", strconv.Itoa(batch.Len()))
	svc, log, id := a.Certificates, a.log, requestID(c)
	c.Context().SetBodyStreamWriter(func(w *bufio.Writer) {
		// The stream runs after the handler returned and its request's
		// deadline was cancelled: it gets a deadline of its own.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), streamTimeout)
		defer cancel()
		if err := svc.WriteZip(ctx, actor, batch, w, key); err != nil {
			log.Warn("certificate zip stream stopped", "requestId", id, "course", batch.CourseID, "err", err)
		}
	})
	return nil
}

func (a *App) apiDownloadProgress(c *fiber.Ctx) error {
	p, err := a.Certificates.Progress(c.UserContext(), actorOf(c), c.Params("key"))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(p)
}

// expiryFilter reads ?town=&days=&kind=.
func expiryFilter(c *fiber.Ctx) (certificates.ExpiryFilter, error) {
	f := certificates.ExpiryFilter{Town: c.Query("town"), Kind: certificates.Kind(c.Query("kind"))}
	if s := c.Query("days"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			return f, skillcert.Invalid("days", "天数应为整数")
		}
		f.Days = n
	}
	return f, nil
}

func (a *App) apiExpiringCertificates(c *fiber.Ctx) error {
	page, err := pageQuery(c)
	if err != nil {
		return err
	}
	f, err := expiryFilter(c)
	if err != nil {
		return err
	}
	res, err := a.Certificates.Expiring(c.UserContext(), actorOf(c), f, page)
	if err != nil {
		return err
	}
	return c.JSON(a.certificateViews(res))
}

func (a *App) apiVerifyByNumber(c *fiber.Ctx) error {
	var in verifyRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	v, err := a.Certificates.VerifyByNumber(c.UserContext(), c.IP(), in.Number, in.Name)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(v)
}

func (a *App) apiVerifyByToken(c *fiber.Ctx) error {
	v, err := a.Certificates.VerifyByToken(c.UserContext(), c.IP(), c.Params("token"))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(v)
}
