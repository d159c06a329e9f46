package roster

import (
	"go.mongodb.org/mongo-driver/v2/bson"

	"skillcert"
)

// The whole ID number is never stored as it is: a person holds it sealed
// (AES-256-GCM, package idcrypt) in IDSealed and is found by IDHash, a
// keyed hash; the masked form and the suffix serve display and search.
// Only the audited reveal and the full export open the sealed number.

// sealID fills the sealed form and the lookup hash of p's whole number,
// under the current key. Call it before every write of a person.
func (s *Service) sealID(p *Person) {
	p.IDSealed, p.IDHash = s.ids.Seal(p.IDNumber), s.ids.Hash(p.IDNumber)
}

// openID fills p.IDNumber from its sealed form (a list's projection
// leaves none: then it stays empty).
func (s *Service) openID(p *Person) error {
	if p.IDSealed == "" {
		return nil
	}
	n, err := s.ids.Open(p.IDSealed)
	if err != nil {
		return skillcert.Internal(err)
	}
	p.IDNumber = n
	return nil
}

// byIDHashes is the filter of the persons holding any of the numbers: a
// number's hash under each configured key, so records a rotation has not
// reached yet are found too.
func (s *Service) byIDHashes(numbers ...string) bson.D {
	var hashes []string
	for _, n := range numbers {
		hashes = append(hashes, s.ids.Hashes(n)...)
	}
	return bson.D{{Key: "idHash", Value: bson.D{{Key: "$in", Value: hashes}}}}
}

// holderOf returns the person of byHash holding the number under any
// configured key.
func (s *Service) holderOf(byHash map[string]*Person, number string) (*Person, bool) {
	for _, h := range s.ids.Hashes(number) {
		if p, ok := byHash[h]; ok {
			return p, true
		}
	}
	return nil, false
}

// idProjection reads only what tells where a number is registered.
var idProjection = bson.D{{Key: "idHash", Value: 1}, {Key: "town", Value: 1}, {Key: "village", Value: 1}}

// hashFilter gives a filter on a whole number the number's lookup hashes.
func (s *Service) hashFilter(f *Filter) {
	if len(f.IDNumber) == 18 {
		f.idHashes = s.ids.Hashes(f.IDNumber)
	}
}

// maskRowErrors masks the ID numbers in the rows of import faults before
// they are stored: the error report shows masked numbers only, so nothing
// more is kept. The rows' maps are shared by a row's faults; each is
// masked once.
func maskRowErrors(errs []RowError) {
	for i := range errs {
		v := errs[i].Values
		if n, ok := v[FieldIDNumber]; ok && n != skillcert.MaskIDNumber(n) {
			masked := make(map[Field]string, len(v))
			for k, x := range v {
				masked[k] = x
			}
			masked[FieldIDNumber] = skillcert.MaskIDNumber(n)
			errs[i].Values = masked
		}
	}
}
