"""Development tools, apart from what builds the site: the static server of the tests and
the bench, the builders as the tests and the bench run them, Debian's Chromium, the bench."""
