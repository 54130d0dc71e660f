"""The data core: what every feature is built on, knowing none of them.

data (YAML + JSON Schema) → `loader` (values with their line and column) →
`schema` and the features' own rules (`data`) → `pipeline` (the features'
generators, Jinja2) → files in docs/ for any builder. `site` reads the
builder's configuration once; `diagnostics` is the FILE:LINE:COLUMN message.
"""
