package coding

import (
	"context"
	"errors"
	"fmt"

	"github.com/oversikt/oversikt/data"
)

// Book is the codebook in force in a review and its stored version;
// Version 0 means the embedded default, not stored yet (it is stored as
// version 1 with the first coding).
type Book struct {
	*Codebook
	Version int
}

// InForce returns the codebook in force: the latest version stored in the
// database, or the embedded default when none is.
func InForce(ctx context.Context, db *data.DB) (Book, error) {
	cv, err := db.LatestCodebook(ctx)
	if errors.Is(err, data.ErrNotFound) {
		cb, err := Default()
		return Book{Codebook: cb}, err
	}
	if err != nil {
		return Book{}, err
	}
	cb, err := Parse(fmt.Sprintf("codebook version %d", cv.Version), []byte(cv.YAML))
	if err != nil {
		return Book{}, err
	}
	return Book{Codebook: cb, Version: cv.Version}, nil
}

// stored returns the codebook in force, storing the default first when the
// review has none, so every coding names a stored version.
func stored(ctx context.Context, db *data.DB, by string) (Book, error) {
	b, err := InForce(ctx, db)
	if err != nil || b.Version != 0 {
		return b, err
	}
	cv, err := db.StoreCodebook(ctx, data.CodebookVersion{Name: b.Name, YAML: string(defaultYAML), StoredBy: by, Note: "default codebook"})
	if err != nil {
		return b, err
	}
	b.Version = cv.Version
	return b, nil
}

// Included returns the studies to code: the review's included studies
// (see data.DB.IncludedStudies), in id order.
func Included(ctx context.Context, db *data.DB) ([]int64, error) {
	return db.IncludedStudies(ctx)
}

// Affected is a stored coding (Reviewer set) or final value (Reviewer
// "final") that a new codebook version would no longer accept, and why.
type Affected struct {
	StudyID  int64  `json:"study_id"`
	Reviewer string `json:"reviewer"`
	Code     string `json:"code"`
	Value    string `json:"value"`
	Reason   string `json:"reason"`
}

// ErrAffected is returned by Use when the new codebook would invalidate
// stored codings and force was not given.
var ErrAffected = errors.New("the new codebook does not accept some stored codings")

// Use installs the codebook src (file names it in messages) as the next
// version. It checks every current coding and final value against it; when
// any is no longer valid (its code removed, its type changed, its option
// gone) it returns them with ErrAffected and stores nothing, unless force
// is set. Codings keep the version they were made under either way.
func Use(ctx context.Context, db *data.DB, file string, src []byte, by string, force bool) (Book, []Affected, error) {
	cb, err := Parse(file, src)
	if err != nil {
		return Book{}, nil, err
	}
	old, err := InForce(ctx, db)
	if err != nil {
		return Book{}, nil, err
	}
	affected, err := affectedBy(ctx, db, old.Codebook, cb)
	if err != nil {
		return Book{}, nil, err
	}
	if len(affected) > 0 && !force {
		return Book{}, affected, fmt.Errorf("%w: %d codings (store it anyway with --force)", ErrAffected, len(affected))
	}
	cv, err := db.StoreCodebook(ctx, data.CodebookVersion{Name: cb.Name, YAML: string(src), StoredBy: by, Note: file})
	if err != nil {
		return Book{}, affected, err
	}
	return Book{Codebook: cb, Version: cv.Version}, affected, nil
}

func affectedBy(ctx context.Context, db *data.DB, old, next *Codebook) ([]Affected, error) {
	codings, err := db.CurrentCodings(ctx, 0, "")
	if err != nil {
		return nil, err
	}
	finals, err := db.CodingFinals(ctx, 0)
	if err != nil {
		return nil, err
	}
	var out []Affected
	check := func(a Affected) {
		if a.Value == "" {
			return
		}
		nc, ok := next.Code(a.Code)
		if !ok {
			a.Reason = "code removed"
			out = append(out, a)
			return
		}
		if oc, ok := old.Code(a.Code); ok && oc.Type != nc.Type {
			a.Reason = fmt.Sprintf("type changed from %s to %s", oc.Type, nc.Type)
		}
		v, err := next.Normalize(a.Code, a.Value)
		switch {
		case err != nil && a.Reason != "":
			a.Reason += "; " + err.Error()
		case err != nil:
			a.Reason = err.Error()
		case v != a.Value:
			a.Reason = fmt.Sprintf("value %q would now read %q", a.Value, v)
		default:
			return
		}
		out = append(out, a)
	}
	for _, c := range codings {
		check(Affected{StudyID: c.StudyID, Reviewer: c.Reviewer, Code: c.Code, Value: c.Value})
	}
	for _, f := range finals {
		check(Affected{StudyID: f.StudyID, Reviewer: "final", Code: f.Code, Value: f.Value})
	}
	return out, nil
}
