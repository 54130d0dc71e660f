"""The data core: loading, schemas, diagnostics, the site's configuration and the pipeline, knowing no feature."""
