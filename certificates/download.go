package certificates

import (
	"context"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"skillcert"
	"skillcert/auth"
	"skillcert/store"
)

// PDF renders a certificate for its holder or staff in scope. Revoked and
// superseded certificates are not handed out. The same certificate always
// gives the same bytes (serve them with ETag).
func (s *Service) PDF(ctx context.Context, a *skillcert.Actor, id string) (*Certificate, []byte, error) {
	c, err := s.Get(ctx, a, id)
	if err != nil {
		return nil, nil, err
	}
	switch c.Status {
	case StatusRevoked:
		return nil, nil, skillcert.Errorf(skillcert.ECONFLICT, "证书%s已于%s撤销，不能下载", c.Number, dateText(skillcert.DateOf(c.RevokedAt)))
	case StatusSuperseded:
		return nil, nil, skillcert.Errorf(skillcert.ECONFLICT, "证书%s已作废，请下载补发的新证书%s", c.Number, c.ReplacedNumber)
	}
	pdf, err := s.renderer.Render(c.Document(s.baseURL))
	if err != nil {
		return nil, nil, err
	}
	return c, pdf, nil
}

// ZipBatch is a course's valid certificates, checked and ready to stream
// into a zip.
type ZipBatch struct {
	CourseID    string
	CourseTitle string
	Town        string
	docs        []Document
}

// Len is the number of certificates in the batch.
func (b *ZipBatch) Len() int { return len(b.docs) }

// FileName is the zip's download name: 课程名称_证书.zip.
func (b *ZipBatch) FileName() string {
	title := strings.NewReplacer("/", "_", "\\", "_").Replace(b.CourseTitle)
	return title + "_证书.zip"
}

// CourseZip prepares the zip of a course's valid certificates (expired
// ones included; revoked and superseded ones left out), in number order,
// for staff of the organizing town or the city. Every certificate is
// checked here, before the first byte is sent, so the stream cannot fail
// half-way for a certificate that does not print.
func (s *Service) CourseZip(ctx context.Context, a *skillcert.Actor, courseID string) (*ZipBatch, error) {
	var certs []Certificate
	err := s.certs.Find(ctx, bsonD("courseId", courseID, "status", StatusValid), &certs,
		options.Find().SetSort(bsonD("number", 1)))
	if err != nil {
		return nil, err
	}
	noneHere := skillcert.Errorf(skillcert.ENOTFOUND, "该课程没有您可下载的有效证书")
	if len(certs) == 0 {
		return nil, noneHere
	}
	if auth.CheckScope(a, certs[0].Town, "") != nil {
		return nil, noneHere
	}
	b := &ZipBatch{CourseID: courseID, CourseTitle: certs[0].CourseTitle, Town: certs[0].Town, docs: make([]Document, len(certs))}
	for i := range certs {
		b.docs[i] = certs[i].Document(s.baseURL)
		if err := s.renderer.Check(b.docs[i]); err != nil {
			return nil, inCertificate(b.docs[i], err)
		}
	}
	return b, nil
}

// progressKeyPattern is what a download's progress key must look like: a
// random string the page makes up.
var progressKeyPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{16,64}$`)

// ValidProgressKey reports whether key may name a download's progress.
func ValidProgressKey(key string) bool { return progressKeyPattern.MatchString(key) }

// DownloadProgress is how far a streamed zip download has come; the page
// polls it to show a progress bar.
type DownloadProgress struct {
	Key       string    `bson:"_id" json:"key"`
	AccountID string    `bson:"accountId" json:"-"`
	CourseID  string    `bson:"courseId" json:"courseId"`
	Done      int       `bson:"done" json:"done"`
	Total     int       `bson:"total" json:"total"`
	State     string    `bson:"state" json:"state"` // running, done, failed
	UpdatedAt time.Time `bson:"updatedAt" json:"updatedAt"`
}

// The states of a download.
const (
	DownloadRunning = "running"
	DownloadDone    = "done"
	DownloadFailed  = "failed"
)

// progressEvery is the least time between two writes of a download's
// progress.
const progressEvery = 300 * time.Millisecond

// WriteZip streams the batch as a zip to w. With a progress key (see
// ValidProgressKey) it records how far it has come in a progress document
// of the actor's, which Progress reads. The download is audited.
func (s *Service) WriteZip(ctx context.Context, a *skillcert.Actor, b *ZipBatch, w io.Writer, progressKey string) error {
	track := progressKey != "" && ValidProgressKey(progressKey)
	save := func(done int, state string) {
		if !track {
			return
		}
		_, err := s.downloads.UpdateOne(ctx, bsonD("_id", progressKey, "accountId", a.AccountID),
			set("courseId", b.CourseID, "done", done, "total", len(b.docs), "state", state, "updatedAt", s.now().UTC()),
			options.UpdateOne().SetUpsert(true))
		if err != nil {
			s.log.Warn("download progress not saved", "key", progressKey, "err", err)
			track = false // a key taken by another account: stream without progress
		}
	}
	save(0, DownloadRunning)
	last := time.Now()
	err := s.renderer.WriteZip(w, b.docs, nil, func(done, total int) {
		if done < total && time.Since(last) < progressEvery {
			return
		}
		last = time.Now()
		save(done, DownloadRunning)
	})
	if err != nil {
		save(0, DownloadFailed)
		return err
	}
	save(len(b.docs), DownloadDone)
	s.record(ctx, a, ActionZip, b.CourseID, fmt.Sprintf("下载课程“%s”证书压缩包，共 %d 张", b.CourseTitle, len(b.docs)))
	return nil
}

// Progress returns the progress of one of the actor's zip downloads.
func (s *Service) Progress(ctx context.Context, a *skillcert.Actor, key string) (*DownloadProgress, error) {
	notFound := skillcert.Errorf(skillcert.ENOTFOUND, "没有这项下载")
	if a == nil || !ValidProgressKey(key) {
		return nil, notFound
	}
	var p DownloadProgress
	if err := s.downloads.FindOne(ctx, byID(key), &p); err != nil {
		if store.IsNotFound(err) {
			return nil, notFound
		}
		return nil, err
	}
	if p.AccountID != a.AccountID {
		return nil, notFound
	}
	return &p, nil
}
