package demo

import (
	"context"
	"fmt"

	"skillcert"
	"skillcert/courses"
	"skillcert/platform"
)

// The demo certificates: the completed job-post course's certificates are
// issued; one is then revoked and the demo trainee's is reissued (say, a
// misprinted name corrected), so the certificate pages show every state.

// loadCertificates issues the completed demo course's certificates unless
// it has some.
func loadCertificates(ctx context.Context, s *platform.Services, traineePerson string) error {
	done, err := s.Courses.ListCourses(ctx, system, courses.CourseFilter{Status: courses.StatusCompleted}, skillcert.PageRequest{Page: 1, Size: 1})
	if err != nil || len(done.Items) == 0 {
		return err
	}
	course := done.Items[0].ID
	have, err := s.Certificates.Course(ctx, system, course, skillcert.PageRequest{Page: 1, Size: 1})
	if err != nil {
		return err
	}
	if have.Certificates.Total > 0 {
		return nil
	}
	res, err := s.Certificates.IssueCourse(ctx, system, course)
	if err != nil {
		return fmt.Errorf("demo certificates: %w", err)
	}
	revoked := false
	for _, issued := range res.Issued {
		c, err := s.Certificates.Get(ctx, system, issued.ID)
		if err != nil {
			return err
		}
		switch {
		case c.PersonID == traineePerson:
			if _, err := s.Certificates.Reissue(ctx, system, c.ID, "姓名印刷有误，更正后补发（演示）"); err != nil {
				return fmt.Errorf("demo reissue: %w", err)
			}
		case !revoked:
			if _, err := s.Certificates.Revoke(ctx, system, c.ID, "培训期间替考，经核实撤销（演示）"); err != nil {
				return fmt.Errorf("demo revocation: %w", err)
			}
			revoked = true
		}
	}
	return nil
}
