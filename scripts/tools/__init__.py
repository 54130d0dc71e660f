"""Development tools, apart from what builds the site: the bench, the local static server, the builders
as the tests run them, Debian's Chromium."""
