package screening

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/oversikt/oversikt/data"
)

// Attach links a full text to a study: a file is kept by its absolute path
// and SHA-256 (the file itself stays where it is); a URL is kept as given.
func Attach(ctx context.Context, db *data.DB, studyID int64, target, by, note string) (data.Fulltext, error) {
	if _, err := db.StudyRecord(ctx, studyID); err != nil {
		return data.Fulltext{}, err
	}
	f := data.Fulltext{StudyID: studyID, Path: target, AddedBy: by, Note: note}
	if !strings.HasPrefix(target, "http://") && !strings.HasPrefix(target, "https://") {
		abs, err := filepath.Abs(target)
		if err != nil {
			return f, err
		}
		sum, err := fileSHA256(abs)
		if err != nil {
			return f, err
		}
		f.Path, f.SHA256 = abs, sum
	}
	return f, db.AddFulltext(ctx, &f)
}

// MarkMissing records that a study's full text was sought but not
// retrieved (PRISMA counts these).
func MarkMissing(ctx context.Context, db *data.DB, studyID int64, by, note string) (data.Fulltext, error) {
	if _, err := db.StudyRecord(ctx, studyID); err != nil {
		return data.Fulltext{}, err
	}
	f := data.Fulltext{StudyID: studyID, Missing: true, AddedBy: by, Note: note}
	return f, db.AddFulltext(ctx, &f)
}

func fileSHA256(path string) (string, error) {
	fh, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("full text: %w", err)
	}
	defer fh.Close()
	h := sha256.New()
	if _, err := io.Copy(h, fh); err != nil {
		return "", fmt.Errorf("full text %s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
