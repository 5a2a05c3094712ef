// Package data holds oversikt's domain types and the SQLite store that is
// the single source of truth for a review. It imports no other project
// package.
package data

import "time"

// Field is one tagged value as a source carried it, kept when no normalised
// field of Record takes it (nothing a source carried is dropped).
type Field struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Record is one bibliographic record as found in one source. Raw keeps the
// record's original text verbatim; Line is where it starts in its file
// (1-based). The other fields are normalised by ingest.
type Record struct {
	ID       int64
	SourceID int64
	StudyID  int64
	Line     int
	Key      string // the source's own key: RIS ID/AN, PMID, CSV id column …
	Raw      string

	Type     string // publication type as the source named it
	Title    string
	Abstract string
	Authors  []string // "Family, Given"
	Year     int      // 0 when unknown
	Journal  string
	Volume   string
	Issue    string
	Pages    string
	DOI      string // lower case, no resolver prefix
	PMID     string
	PMCID    string
	ISBN     string
	URL      string
	Keywords []string
	Language string
	Extra    []Field // unmapped fields in source order
}

// ExtraValue returns the first unmapped field named name (case-insensitive
// match is the caller's business: names are compared exactly), or "".
func (r *Record) ExtraValue(name string) string {
	for _, f := range r.Extra {
		if f.Name == name {
			return f.Value
		}
	}
	return ""
}

// Source kinds for PRISMA 2020: the left column counts databases and
// registers, the right column the other methods.
const (
	KindDatabase     = "database"
	KindRegister     = "register"
	KindWebsite      = "website"
	KindOrganisation = "organisation"
	KindCitation     = "citation"
)

// Source is one imported file or web page.
type Source struct {
	ID     int64
	Name   string // e.g. "Embase", "PubMed"
	File   string // path or URL as given
	Format string
	Kind   string
	SHA256 string // "" while an import begun under Fingerprint runs
	// Fingerprint is the SHA-256 of the file's size and first and last
	// MiB (see ingest); "" for sources imported before it was kept.
	Fingerprint string
	Encoding    string // "utf-8", "utf-16le", "windows-1252" …
	SearchDate  string
	Query       string
	FetchedAt   time.Time // web pages only
	Snapshot    []byte    // web pages only: the bytes as fetched
	ImportedAt  time.Time
	Records     int // records stored
	Rejected    int // records reported and skipped
	Complete    bool
}
