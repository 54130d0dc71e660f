"""A real screen reader on the built site: Debian's Orca reading a browser on a virtual display.

Everything runs in a private world started for one session and stopped with it: Xvfb (a display
of its own), a D-Bus session bus, the AT-SPI bus (at-spi-bus-launcher), Orca and the browser, each
in its own process group, with their own HOME and XDG_RUNTIME_DIR (two sessions on one machine
never share a speech server or a bus). Orca is the person's ears: it writes what it says to its
debug file (« SPEECH OUTPUT: '…' », the lines Orca's own regression tests compare); no speech
server is started, so nothing is heard and nothing outlives the session. Keys are real X key
presses (xdotool, through the XTEST extension), heard by Orca as a person's keys.

The browser is Firefox ESR, the one Orca's own tests drive: it exposes the page to AT-SPI by
itself (Orca's web script reads it in browse mode, H for headings, F for fields, live regions).

    python -m scripts.tools.orca http://127.0.0.1:8000/ Tab Tab h   # prints what Orca says
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

FIREFOX = "/usr/bin/firefox-esr"
ORCA = "/usr/bin/orca"
XVFB = "/usr/bin/Xvfb"
XDOTOOL = "/usr/bin/xdotool"
DBUS_DAEMON = "/usr/bin/dbus-daemon"
BUS_LAUNCHER = "/usr/libexec/at-spi-bus-launcher"
# The Debian packages of the whole chain (the Makefile's `screenreader` installs them).
PACKAGES = ["orca", "xvfb", "at-spi2-core", "dbus-daemon", "firefox-esr", "xdotool"]
REQUIRED = [FIREFOX, ORCA, XVFB, XDOTOOL, DBUS_DAEMON, BUS_LAUNCHER]

# « SPEECH OUTPUT: 'text' » then, when Orca gives it, the voice: « voice=uppercase{…} ».
SPEECH = re.compile(r"SPEECH OUTPUT: '(.*)'(?: voice=\w+)?(?:\s*\{.*\})?$")
START_TIMEOUT = 60.0  # seconds: a busy machine may take long to start Firefox
KEY_TIMEOUT = 8.0  # the longest a key may take to be answered
# Orca logs every event it receives: once it has nothing queued, in hand or held back, this long without
# a line means the browser has sent nothing more (a key's events come as one burst; with both cores
# busy, nothing was ever said after 0.05 s of it).
SETTLE = 0.1

# Orca run in this process's image: its debug file line-buffered (Orca opens it block-buffered,
# so the last lines would wait in memory), no speech server (the log is what is checked), the
# live-region messages it holds back counted in the log as they are queued (it counts them as said),
# of each event's objects only their attributes logged (`politeness` reads them): the full details
# cost the browser a dozen calls per event. And it neither takes the name `orca` nor refuses to start
# beside another Orca of the same user (`pgrep -x orca`): each session has its own display and buses,
# and two test runs on one machine must not stop each other's screen reader.
LAUNCHER = """
import builtins, sys
debug_file, prefs, program = sys.argv[1:4]
_open = builtins.open
def _open_line_buffered(file, mode="r", *args, **kwargs):
    if file == debug_file and "w" in mode:
        return _open(file, mode, buffering=1, encoding="utf-8", errors="replace")
    return _open(file, mode, *args, **kwargs)
builtins.open = _open_line_buffered
from orca import debug, liveregions, settings
settings.speechServerFactory = None
settings.speechFactoryModules = []
_handle = liveregions.LiveRegionManager.handleEvent
def _handle_and_count(self, event):
    _handle(self, event)
    debug.println(debug.LEVEL_INFO, "LIVE REGIONS: messages in queue: %i" % len(self.msg_queue), True)
liveregions.LiveRegionManager.handleEvent = _handle_and_count
def _attributes_only(level, indent, accessible, includeApp=True, timestamp=False):
    if level >= debug.debugLevel and accessible:
        debug.println(level, debug.attributesToString(accessible, indent), timestamp)
debug.printDetails = _attributes_only
sys.argv = ["orca", "--debug-file", debug_file, "--user-prefs", prefs]
program_globals = {"__name__": "orca_in_session", "__file__": program}
with _open(program, encoding="utf-8") as source:
    exec(compile(source.read(), program, "exec"), program_globals)
program_globals["otherOrcas"] = lambda: []
program_globals["setProcessName"] = lambda name: False
sys.exit(program_globals["main"]())
"""

# Orca's settings for the session: French, verbose, no tutorial, no reading of the whole page on load
# (the walk asks for what it wants to hear), the structural navigation keys on.
ORCA_SETTINGS = {
    "general": {"enableSpeech": True, "enableTutorialMessages": False, "enableEchoByCharacter": False,
                "enableKeyEcho": False, "verbalizePunctuationStyle": 2, "speechVerbosityLevel": 1,
                "sayAllOnLoad": False, "pageSummaryOnLoad": False, "structuralNavigationEnabled": True,
                "enableBraille": False, "enableSound": False, "enableMouseReview": False,
                "orcaModifierKeys": ["Insert", "KP_Insert"], "startingProfile": ["Default", "default"],
                "activeProfile": ["Default", "default"], "profile": ["Default", "default"]},
    "keybindings": {}, "pronunciations": {},
    "profiles": {"default": {"profile": ["Default", "default"]}},
}

FIREFOX_PREFS = """
user_pref("accessibility.force_disabled", 0);
user_pref("browser.shell.checkDefaultBrowser", false);
user_pref("browser.startup.homepage_override.mstone", "ignore");
user_pref("browser.aboutwelcome.enabled", false);
user_pref("browser.startup.page", 0);
user_pref("browser.tabs.warnOnClose", false);
user_pref("browser.sessionstore.resume_from_crash", false);
user_pref("datareporting.policy.dataSubmissionEnabled", false);
user_pref("datareporting.healthreport.uploadEnabled", false);
user_pref("toolkit.telemetry.reportingpolicy.firstRun", false);
user_pref("app.update.enabled", false);
user_pref("app.normandy.enabled", false);
user_pref("extensions.update.enabled", false);
user_pref("browser.safebrowsing.malware.enabled", false);
user_pref("browser.safebrowsing.phishing.enabled", false);
user_pref("network.captive-portal-service.enabled", false);
user_pref("network.connectivity-service.enabled", false);
user_pref("browser.newtabpage.enabled", false);
user_pref("browser.urlbar.suggest.searches", false);
user_pref("browser.search.suggest.enabled", false);
user_pref("intl.accept_languages", "fr-FR, fr");
user_pref("layout.css.devPixelsPerPx", "1.0");
user_pref("ui.prefersReducedMotion", 1);
user_pref("toolkit.cosmeticAnimations.enabled", false);
user_pref("browser.translations.automaticallyPopup", false);
user_pref("sidebar.revamp", false);
user_pref("browser.toolbars.bookmarks.visibility", "never");
"""


# What Orca logs of a key it handles, and of where the focus goes: named when an answer does not come.
KEY_HANDLED, FOCUS_SET = "vvvvv PROCESS ATSPI_KEY_PRESSED_EVENT: '", "Setting locusOfFocus to ["
# What Orca says of a page's loading, before what the key brought (an anchor followed, a form sent).
PROGRESS = {"Chargement terminé.", "Chargement en cours. Veuillez patienter."}
# Firefox's address bar (its own interface is in English), as Orca names it.
ADDRESS_BAR = "enter address"
# Orca's « Finished loading %s. », in French.
LOADED = re.compile(r"^Chargement de .* terminé")
# Orca's own accounts of its queues: the events left after a flood's pruning, the live-region messages.
PRUNED = re.compile(r"EVENT MANAGER: \d+ events pruned\. New size: (\d+)")
LIVE_QUEUE = re.compile(r"LIVE REGIONS: messages in queue: (\d+)")


class ScreenReaderError(RuntimeError):
    pass


def missing() -> list[str]:
    """The programs of the chain that are not installed."""
    return [path for path in REQUIRED if not Path(path).exists()]


class ScreenReader:
    """One private session: display, buses, Orca and Firefox, until `stop()` (or the `with` block's end)."""

    def __init__(self, width: int = 1280, height: int = 900) -> None:
        self.width, self.height = width, height
        self.processes: list[tuple[str, subprocess.Popen]] = []
        self.home = Path(tempfile.mkdtemp(prefix="portail-orca-"))
        self.debug = self.home / "orca-debug.out"
        self.env: dict[str, str] = {}
        self._read = 0  # how far the debug file has been read
        self._pending = ""
        self._written = time.monotonic()  # when Orca last wrote to its debug file
        self._busy = 0  # events Orca is handling (its « vvvvv » … « ^^^^^ » blocks)
        self._queued = 0  # events Orca has queued and not yet taken
        self._live = 0  # live-region messages Orca holds back (it says them 100 ms apart)
        self.heard: list[str] = []  # everything Orca said, in order
        self.log: list[str] = []  # every line of Orca's debug file

    # --- starting and stopping -------------------------------------------------------------------------

    def __enter__(self) -> ScreenReader:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def _spawn(self, name: str, command: list[str], **kwargs) -> subprocess.Popen:
        log = open(self.home / f"{name}.log", "wb")  # noqa: SIM115 (closed with the process)
        process = subprocess.Popen(command, env=self.env, stdin=subprocess.DEVNULL, stdout=kwargs.pop("stdout", log),
                                   stderr=log, start_new_session=True, cwd=self.home, **kwargs)
        log.close()
        self.processes.append((name, process))
        return process

    def start(self) -> None:
        absent = missing()
        if absent:
            raise ScreenReaderError("Manquant(s) : " + ", ".join(absent) + ". Installez-les avec : "
                                    "sudo apt-get install -y " + " ".join(PACKAGES) + " (ou lancez « make test »).")
        runtime = self.home / "run"
        runtime.mkdir(mode=0o700)
        for folder in ("config", "cache", "data", "prefs-orca", "firefox"):
            (self.home / folder).mkdir()
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(self.home), "LANG": "C.UTF-8",
            "LANGUAGE": "fr", "XDG_RUNTIME_DIR": str(runtime), "XDG_CONFIG_HOME": str(self.home / "config"),
            "XDG_CACHE_HOME": str(self.home / "cache"), "XDG_DATA_HOME": str(self.home / "data"),
            "NO_AT_BRIDGE": "0", "GTK_A11Y": "atspi", "GNOME_ACCESSIBILITY": "1", "MOZ_CRASHREPORTER_DISABLE": "1",
            "MOZ_DISABLE_CONTENT_SANDBOX": "1",
        }
        # Xvfb picks a free display and writes its number on the pipe.
        read, write = os.pipe()
        self._spawn("xvfb", [XVFB, "-displayfd", str(write), "-screen", "0", f"{self.width}x{self.height}x24",
                             "-nolisten", "tcp", "-ac"], pass_fds=(write,))
        os.close(write)
        with os.fdopen(read) as pipe:
            display = pipe.readline().strip()
        if not display:
            raise ScreenReaderError("Xvfb n'a pas démarré : " + self._log("xvfb"))
        self.env["DISPLAY"] = f":{display}"
        bus = self._spawn("dbus", [DBUS_DAEMON, "--session", "--nofork", "--nopidfile", "--print-address=1"],
                          stdout=subprocess.PIPE)
        address = bus.stdout.readline().decode().strip()
        if not address:
            raise ScreenReaderError("dbus-daemon n'a pas démarré : " + self._log("dbus"))
        self.env["DBUS_SESSION_BUS_ADDRESS"] = address
        self._spawn("at-spi", [BUS_LAUNCHER, "--launch-immediately"])
        (self.home / "prefs-orca" / "user-settings.conf").write_text(json.dumps(ORCA_SETTINGS), encoding="utf-8")
        self._spawn("orca", ["/usr/bin/python3", "-c", LAUNCHER, str(self.debug),
                             str(self.home / "prefs-orca"), ORCA])
        # Firefox starts meanwhile: Orca, once up, reads the window already open as the one it finds active.
        profile = self.home / "firefox"
        (profile / "user.js").write_text(FIREFOX_PREFS, encoding="utf-8")
        self._spawn("firefox", [FIREFOX, "--no-remote", "--profile", str(profile), "--new-instance",
                                "--width", str(self.width), "--height", str(self.height), "about:blank"])

    def ready(self) -> None:
        """Wait until Orca listens (it says « Lecteur d’écran activé. ») and Firefox's window is shown."""
        if not self.heard:
            self.wait_for(lambda: bool(self.heard), START_TIMEOUT, "Orca n'a pas démarré")
        self.wait_for(self._window, START_TIMEOUT, "Firefox n'a pas ouvert de fenêtre")

    def stop(self) -> None:
        """Stop every process group started, the last started first, then remove the session's folder."""
        for _name, process in reversed(self.processes):
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 5
        for _name, process in reversed(self.processes):
            try:
                process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(5)
            # What the group left behind (Firefox's content processes, the AT-SPI registry).
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            if process.stdout:
                process.stdout.close()
        self.processes.clear()
        if os.environ.get("PORTAIL_ORCA_GARDER") is None:
            shutil.rmtree(self.home, ignore_errors=True)

    def _log(self, name: str) -> str:
        path = self.home / f"{name}.log"
        return path.read_text(errors="replace")[-2000:] if path.exists() else ""

    # --- listening ---------------------------------------------------------------------------------------

    def _tail(self) -> str:
        """Read what Orca wrote since last time; record the speech lines in `heard`."""
        if not self.debug.exists():
            return ""
        with open(self.debug, encoding="utf-8", errors="replace") as file:
            file.seek(self._read)
            text = file.read()
            self._read = file.tell()
        if text:
            self._written = time.monotonic()
        text = self._pending + text
        complete, _, self._pending = text.rpartition("\n")
        lines = complete.splitlines()
        self.log += lines
        for line in lines:
            if line.startswith("vvvvv "):
                self._busy += 1
            elif line.startswith("^^^^^ "):
                self._busy -= 1
            elif "EVENT MANAGER: Queueing " in line:
                self._queued += 1
            elif "EVENT MANAGER: Dequeued " in line:
                self._queued -= 1
            elif match := PRUNED.search(line):
                self._queued = int(match.group(1))
            elif match := LIVE_QUEUE.search(line):
                self._live = int(match.group(1))
            elif match := SPEECH.search(line):
                self.heard.append(match.group(1))
        return complete

    def settled(self, quiet: float = SETTLE) -> bool:
        """Orca has nothing in hand, queued or held back, and has written nothing for `quiet` seconds."""
        return (not self._busy and self._queued <= 0 and not self._live and not self._pending
                and time.monotonic() - self._written >= quiet)

    def wait_for(self, condition: Callable[[], bool], timeout: float, message: str) -> None:
        deadline = time.monotonic() + timeout
        while True:
            self._tail()
            if condition():
                return
            if time.monotonic() > deadline:
                raise ScreenReaderError(f"{message} (après {timeout:.0f} s). Dernières paroles : {self.heard[-8:]}")
            for name, process in self.processes:
                if process.poll() is not None and name in ("orca", "firefox", "xvfb"):
                    raise ScreenReaderError(f"{name} s'est arrêté ({process.returncode}) : {self._log(name)}")
            time.sleep(0.05)

    def listen(self, until: str | Callable[[list[str]], bool] | None = None, timeout: float = KEY_TIMEOUT,
               strict: bool = True, settle: bool = True) -> list[str]:
        """What Orca says from now: once something was said (or `until` was heard), and Orca has settled
        (unless not `settle`). `until` not heard in time is an error, unless not `strict` (then what was
        said is returned)."""
        start, logged = len(self.heard), len(self.log)
        if isinstance(until, str):
            wanted = lambda said: any(until in line for line in said)  # noqa: E731
        elif isinstance(until, re.Pattern):
            wanted = lambda said: any(until.search(line) for line in said)  # noqa: E731
        else:
            wanted = until
        deadline = time.monotonic() + timeout
        while True:
            self._tail()
            said = self.heard[start:]
            done = wanted(said) if wanted else any(line not in PROGRESS for line in said)
            if done and (not settle or self.settled()):
                return said
            if time.monotonic() > deadline:
                if wanted and not done and strict:
                    keys = [line.split("'")[1] for line in self.log[logged:] if line.startswith(KEY_HANDLED)]
                    focus = next(("[" + line.split(FOCUS_SET, 1)[1].split("]")[0] + "]"
                                  for line in reversed(self.log) if FOCUS_SET in line), "?")
                    raise ScreenReaderError(f"Orca n'a pas dit ce qui était attendu ({until!r}) ; il a dit : {said} "
                                            f"(touches qu'il a reçues : {keys} ; focus : {focus})")
                return said
            time.sleep(0.02)

    def politeness(self, words: str, within: int = 3000) -> str | None:
        """How the live region whose change made Orca say `words` (their last saying) is marked: 'polite'
        or 'assertive', as Orca logged the changed object's attributes with the event (the change that
        brought the words); None when no such change is found before they were said."""
        for end in range(len(self.log) - 1, -1, -1):
            match = SPEECH.search(self.log[end])
            if match and words in match.group(1):
                for start in range(end - 1, max(0, end - within), -1):
                    if "OBJECT EVENT: object:" in self.log[start] and words in self.log[start]:
                        for line in self.log[start:start + 20]:
                            live = re.search(r"container-live:(\w+)", line)
                            if live:
                                return live.group(1)
                        return None
                return None
        return None

    # --- acting ------------------------------------------------------------------------------------------

    def xdotool(self, *arguments: str) -> None:
        subprocess.run([XDOTOOL, *arguments], env=self.env, check=True, capture_output=True, timeout=20)

    def press(self, *keys: str, until: str | Callable[[list[str]], bool] | None = None,
              timeout: float = KEY_TIMEOUT, strict: bool = True, settle: bool = True) -> list[str]:
        """Press keys (xdotool's names: Tab, shift+Tab, Down, h, Return, space, Escape) one after the other,
        each once Orca has answered the one before; everything Orca said meanwhile."""
        said: list[str] = []
        for number, key in enumerate(keys, start=1):
            self._tail()
            self.xdotool("key", "--clearmodifiers", key)
            last = number == len(keys)
            said += self.listen(until if last else None, timeout, strict=strict, settle=settle or not last)
        return said

    def type(self, text: str) -> None:
        self.xdotool("type", "--delay", "5", text)

    def open(self, url: str, until: str | Callable[[list[str]], bool] | None = None) -> list[str]:
        """Go to `url` as a person does (Ctrl+L, the address, Enter); what Orca says as the page loads."""
        self.ready()
        # The address bar, once Orca has said it is there (else the address would be typed into the page).
        self.press("ctrl+l", until=ADDRESS_BAR, settle=False)
        self.type(url)
        self._tail()
        self.xdotool("key", "--clearmodifiers", "Return")
        return self.listen(until or LOADED, timeout=30)

    def resize(self, width: int, height: int) -> None:
        """The browser's window at this size (its page a little narrower: the window's own frame)."""
        self.ready()
        self.xdotool("windowsize", "--sync", self.window, str(width), str(height))

    def _window(self) -> bool:
        result = subprocess.run([XDOTOOL, "search", "--onlyvisible", "--class", "firefox"], env=self.env,
                                capture_output=True, text=True)
        windows = result.stdout.split()
        if not windows:
            return False
        self.window = windows[-1]
        subprocess.run([XDOTOOL, "windowfocus", "--sync", self.window], env=self.env, capture_output=True)
        return True


def main(argv: Iterable[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if not arguments:
        print("Usage : python -m scripts.tools.orca ADRESSE [TOUCHE…]")
        return 2
    with ScreenReader() as reader:
        for line in reader.open(arguments[0]):
            print(f"[page] {line}")
        for key in arguments[1:]:
            for line in reader.press(key):
                print(f"[{key}] {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
