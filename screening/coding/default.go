package coding

import _ "embed"

//go:embed default_codebook.yaml
var defaultYAML []byte

// DefaultFile is the name the embedded default codebook goes by in
// messages and when `codebook init` writes it out.
const DefaultFile = "codebook.yaml"

// DefaultYAML returns the embedded default codebook for learning-network
// studies (DOMAIN.md §7), as the YAML `codebook init` writes.
func DefaultYAML() []byte { return append([]byte(nil), defaultYAML...) }

// Default returns the embedded default codebook, parsed. It is validated
// by the tests, so an error here means the binary was built broken.
func Default() (*Codebook, error) { return Parse("default codebook", defaultYAML) }
