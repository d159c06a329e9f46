package roster

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"skillcert"
	"skillcert/idcrypt"
	"skillcert/store"
)

// Resealed counts what ResealIDNumbers did.
type Resealed struct {
	Persons   int // persons read
	Rotated   int // re-encrypted from an older key
	Plaintext int // sealed for the first time (records from before encryption)
	Current   int // already under the current key
}

// resealBatch is how many updates go in one command (the embedded engine
// hangs on 100 statements in one command).
const resealBatch = 50

// Deadlines of ResealIDNumbers' calls: reading every person (a scan on
// the embedded engine) and one batch of updates.
const (
	resealReadTimeout  = 10 * time.Minute
	resealWriteTimeout = 2 * time.Minute
)

// sealedFields is what ResealIDNumbers reads of a person; idNumber is the
// plaintext field of records written before numbers were sealed.
type sealedFields struct {
	ID       string `bson:"_id"`
	IDNumber string `bson:"idNumber,omitempty"`
	IDSealed string `bson:"idSealed,omitempty"`
}

// ResealIDNumbers brings every person's ID number under the keyring's
// current key: values sealed under an older key are opened and sealed
// again, plaintext numbers of old records are sealed and removed, and
// each gets the current key's lookup hash. It is the key rotation (run
// with the new key current and the old ones still configured) and the
// migration of records from before encryption; running it again changes
// nothing. A value under a key not configured stops it with an error
// naming the key.
func ResealIDNumbers(ctx context.Context, db *store.DB, keys *idcrypt.Keyring) (Resealed, error) {
	var out Resealed
	persons := db.Collection(store.CollPersons)
	var docs []sealedFields
	opts := options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}).SetProjection(bson.D{{Key: "idNumber", Value: 1}, {Key: "idSealed", Value: 1}})
	rctx, cancel := context.WithTimeout(ctx, resealReadTimeout)
	err := persons.Find(rctx, bson.D{}, &docs, opts)
	cancel()
	if err != nil {
		return out, err
	}
	out.Persons = len(docs)
	var models []mongo.WriteModel
	flush := func() error {
		if len(models) == 0 {
			return nil
		}
		wctx, cancel := context.WithTimeout(ctx, resealWriteTimeout)
		defer cancel()
		_, err := persons.BulkWrite(wctx, models, true)
		models = models[:0]
		return err
	}
	for _, d := range docs {
		number := d.IDNumber
		switch {
		case number != "":
			out.Plaintext++
		case d.IDSealed == "":
			return out, skillcert.Internal(fmt.Errorf("roster: person %s has no ID number", d.ID))
		case idcrypt.SealedUnder(d.IDSealed) == keys.KeyID():
			out.Current++
			continue
		default:
			n, err := keys.Open(d.IDSealed)
			if err != nil {
				return out, fmt.Errorf("person %s, sealed under key %s: %w", d.ID, idcrypt.SealedUnder(d.IDSealed), err)
			}
			number = n
			out.Rotated++
		}
		models = append(models, mongo.NewUpdateOneModel().SetFilter(byID(d.ID)).SetUpdate(bson.D{
			{Key: "$set", Value: bson.D{{Key: "idSealed", Value: keys.Seal(number)}, {Key: "idHash", Value: keys.Hash(number)}}},
			{Key: "$unset", Value: bson.D{{Key: "idNumber", Value: ""}}},
		}))
		if len(models) == resealBatch {
			if err := flush(); err != nil {
				return out, err
			}
		}
	}
	return out, flush()
}
