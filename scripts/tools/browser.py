"""Debian's Chromium, as the browser tests and the bench drive it (never a browser download)."""

CHROMIUM = "/usr/bin/chromium"
# Flags for a machine with no network but loopback (see the Makefile's `browser`).
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions",
]
