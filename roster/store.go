package roster

import (
	"context"
	"regexp"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"skillcert"
	"skillcert/store"
)

// This file holds the reads of the persons collection. Every filter
// starts with _id or a field that leads an index in
// store/indexes_roster.go.

func byID(id string) bson.D { return bson.D{{Key: "_id", Value: id}} }

// withoutIDNumber is the projection of lists: the whole ID number, even
// sealed, never leaves the database for a list.
var withoutIDNumber = bson.D{{Key: "idSealed", Value: 0}, {Key: "idHash", Value: 0}}

// findPerson reads a person by ID, with the whole ID number opened.
func (s *Service) findPerson(ctx context.Context, id string) (*Person, error) {
	if id == "" {
		return nil, errNotVisible
	}
	var p Person
	if err := s.persons.FindOne(ctx, byID(id), &p); err != nil {
		if store.IsNotFound(err) {
			return nil, errNotVisible
		}
		return nil, err
	}
	if err := s.openID(&p); err != nil {
		return nil, err
	}
	return &p, nil
}

// findByIDNumber reads the person with the ID number (by its lookup
// hashes), with the whole number; ENOTFOUND if none.
func (s *Service) findByIDNumber(ctx context.Context, number string) (*Person, error) {
	var p Person
	if err := s.persons.FindOne(ctx, s.byIDHashes(number), &p); err != nil {
		if store.IsNotFound(err) {
			return nil, errNotVisible
		}
		return nil, err
	}
	if err := s.openID(&p); err != nil {
		return nil, err
	}
	return &p, nil
}

// personsByIDNumbers reads the persons holding any of the numbers, by
// their lookup hashes; the whole numbers stay sealed.
func (s *Service) personsByIDNumbers(ctx context.Context, numbers []string, projection any) ([]Person, error) {
	if len(numbers) == 0 {
		return nil, nil
	}
	var out []Person
	opts := options.Find()
	if projection != nil {
		opts.SetProjection(projection)
	}
	err := s.persons.Find(ctx, s.byIDHashes(numbers...), &out, opts)
	return out, err
}

// personsOfTown streams every person of a town into fn.
func (s *Service) personsOfTown(ctx context.Context, town string, fn func(*Person)) error {
	cur, err := s.persons.Cursor(ctx, bson.D{{Key: "town", Value: town}})
	if err != nil {
		return err
	}
	defer cur.Close(ctx)
	for cur.Next(ctx) {
		var p Person
		if err := cur.Decode(&p); err != nil {
			return skillcert.Internal(err)
		}
		fn(&p)
	}
	if err := cur.Err(); err != nil {
		return skillcert.Internal(err)
	}
	return nil
}

// prefixPattern is an anchored, case-sensitive regular expression that
// matches values starting with s: served by an index on MongoDB.
func prefixPattern(s string) bson.D {
	return bson.D{{Key: "$regex", Value: "^" + regexp.QuoteMeta(s)}}
}
