package certificates

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"skillcert"
	"skillcert/store"
)

// This file holds the reads the service shares. Every filter starts with
// _id or a field that leads an index in store/indexes_certificates.go.

func bsonD(kv ...any) bson.D {
	d := make(bson.D, 0, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		d = append(d, bson.E{Key: kv[i].(string), Value: kv[i+1]})
	}
	return d
}

func byID(id string) bson.D { return bsonD("_id", id) }

func set(kv ...any) bson.D { return bsonD("$set", bsonD(kv...)) }

// inForce are the statuses of a certificate that holds its enrollment's
// slot.
var inForce = bsonD("$in", []Status{StatusValid, StatusRevoked})

// errNotFound hides whether a certificate outside the caller's reach
// exists.
var errNotFound = skillcert.Errorf(skillcert.ENOTFOUND, "证书不存在或不在您的管辖范围内")

// find reads a certificate by ID; pending ones do not exist yet.
func (s *Service) find(ctx context.Context, id string) (*Certificate, error) {
	var c Certificate
	if err := s.certs.FindOne(ctx, byID(id), &c); err != nil {
		if store.IsNotFound(err) {
			return nil, errNotFound
		}
		return nil, err
	}
	if c.Status == StatusPending {
		return nil, errNotFound
	}
	return &c, nil
}

// current reads the certificate in force of an enrollment; nil if none.
func (s *Service) current(ctx context.Context, enrollmentID string) (*Certificate, error) {
	var c Certificate
	if err := s.certs.FindOne(ctx, bsonD("slot", enrollmentID), &c); err != nil {
		if store.IsNotFound(err) {
			return nil, nil
		}
		return nil, err
	}
	return &c, nil
}

// courseInForce lists a course's certificates in force (valid or revoked),
// by number.
func (s *Service) courseInForce(ctx context.Context, courseID string) ([]Certificate, error) {
	var out []Certificate
	err := s.certs.Find(ctx, bsonD("courseId", courseID, "status", inForce), &out,
		options.Find().SetSort(bsonD("number", 1)))
	return out, err
}

// page reads one page of certificates matching q in the order sort.
func (s *Service) page(ctx context.Context, q, sort bson.D, req skillcert.PageRequest) (skillcert.Page[Certificate], error) {
	var items []Certificate
	opts := options.Find().SetSort(sort).SetSkip(req.Skip()).SetLimit(req.Limit())
	if err := s.certs.Find(ctx, q, &items, opts); err != nil {
		return skillcert.Page[Certificate]{}, err
	}
	total, err := s.certs.Count(ctx, q)
	if err != nil {
		return skillcert.Page[Certificate]{}, err
	}
	return skillcert.NewPage(items, total, req), nil
}
