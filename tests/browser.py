"""A small headless-Chromium driver over the Chrome DevTools Protocol (tests only).

No Playwright, no Selenium Manager, nothing downloaded: it starts the system's
Chromium with `--remote-debugging-port=0`, reads the port from the profile's
`DevToolsActivePort` file and talks CDP over a websocket (`websocket-client`).

    with Chromium.start(binary, tmp_path) as browser:
        page = browser.new_page()
        page.goto("file:///.../index.html", width=390)
        page.evaluate("document.title")
        page.requested_urls(), page.errors()
"""
from __future__ import annotations

import base64
import itertools
import json
import os
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio")
CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")


def find_chromium() -> str | None:
    """The path of a Chromium binary on this machine, or None."""
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


class CDPError(RuntimeError):
    """A DevTools command failed or timed out."""


class Chromium:
    """One headless Chromium process and a websocket to its browser target."""

    def __init__(self, process: subprocess.Popen, ws: Any, profile: Path) -> None:
        self.process, self.ws, self.profile = process, ws, profile
        self.events: list[dict[str, Any]] = []
        self._ids = itertools.count(1)

    @classmethod
    def start(cls, binary: str, profile: Path, timeout: float = 30.0) -> Chromium:
        """Start `binary` headless with a fresh profile in `profile`; connect over CDP."""
        import websocket  # websocket-client (the test extra)

        profile.mkdir(parents=True, exist_ok=True)
        log = open(profile / "chromium.log", "wb")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(
            [binary, *FLAGS, f"--user-data-dir={profile}", "--remote-debugging-port=0",
             "about:blank"], stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + timeout
        while not port_file.exists() or len(port_file.read_text().split()) < 2:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                tail = (profile / "chromium.log").read_bytes()[-800:].decode(errors="replace")
                raise CDPError(f"chromium did not start (exit {process.poll()}): {tail}")
            time.sleep(0.05)
        port, path = port_file.read_text().split()[:2]
        ws = websocket.create_connection(f"ws://127.0.0.1:{port}{path}", timeout=timeout,
                                         suppress_origin=True)
        return cls(process, ws, profile)

    def send(self, method: str, params: dict | None = None, session: str | None = None,
             timeout: float = 30.0) -> dict[str, Any]:
        """Send one CDP command and return its result; events seen meanwhile are kept."""
        msg_id = next(self._ids)
        message: dict[str, Any] = {"id": msg_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self.ws.send(json.dumps(message))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            reply = json.loads(self.ws.recv())
            if reply.get("id") == msg_id:
                if "error" in reply:
                    raise CDPError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            if "method" in reply:
                self.events.append(reply)
        raise CDPError(f"{method}: no reply in {timeout} s")

    def wait_for(self, method: str, session: str, since: int, timeout: float = 30.0) -> None:
        """Wait until the event `method` arrives for `session` (after event number `since`)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(e["method"] == method and e.get("sessionId") == session
                   for e in self.events[since:]):
                return
            self.ws.settimeout(max(0.1, deadline - time.monotonic()))
            reply = json.loads(self.ws.recv())
            if "method" in reply:
                self.events.append(reply)
        raise CDPError(f"no {method} event in {timeout} s")

    def new_page(self) -> Page:
        """A new tab, attached with its own session, with Page/Network/Runtime/Log enabled."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget",
                            {"targetId": target, "flatten": True})["sessionId"]
        page = Page(self, session)
        for domain in ("Page", "Network", "Runtime", "Log"):
            self.send(f"{domain}.enable", session=session)
        return page

    def close(self) -> None:
        """Close the browser and its websocket; kill it if it lingers."""
        try:
            self.send("Browser.close", timeout=5)
        except Exception:  # already gone or not answering: kill below
            pass
        try:
            self.ws.close()
        finally:
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> Chromium:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Page:
    """One tab: navigate, evaluate JavaScript, and read what it requested and logged."""

    def __init__(self, browser: Chromium, session: str) -> None:
        self.browser, self.session = browser, session
        self.start = len(browser.events)

    def goto(self, url: str, width: int | None = None, height: int = 844) -> None:
        """Load `url` (at a viewport `width`: a phone below 800) and wait for its load event."""
        if width is not None:
            self.browser.send("Emulation.setDeviceMetricsOverride",
                              {"width": width, "height": height, "mobile": width < 800,
                               "deviceScaleFactor": 2 if width < 800 else 1},
                              session=self.session)
        self.start = len(self.browser.events)
        self.browser.send("Page.navigate", {"url": url}, session=self.session)
        self.browser.wait_for("Page.loadEventFired", self.session, self.start)

    def evaluate(self, expression: str) -> Any:
        """The JSON value of `expression` (promises awaited) in the page."""
        reply = self.browser.send("Runtime.evaluate",
                                  {"expression": expression, "returnByValue": True,
                                   "awaitPromise": True}, session=self.session)
        if "exceptionDetails" in reply:
            raise CDPError(f"evaluate {expression!r}: {reply['exceptionDetails']}")
        return reply["result"].get("value")

    def _events(self, method: str) -> list[dict[str, Any]]:
        return [e["params"] for e in self.browser.events[self.start:]
                if e["method"] == method and e.get("sessionId") == self.session]

    def requested_urls(self) -> list[str]:
        """Every URL the page asked for since the last `goto`."""
        return [p["request"]["url"] for p in self._events("Network.requestWillBeSent")]

    def errors(self) -> list[str]:
        """Console errors, uncaught exceptions, error log entries and failed loads."""
        out = [f"console.{p['type']}: {p.get('args')}" for p in
               self._events("Runtime.consoleAPICalled") if p["type"] in ("error", "assert")]
        out += [f"exception: {p['exceptionDetails']}" for p in
                self._events("Runtime.exceptionThrown")]
        out += [f"log: {p['entry'].get('text')} {p['entry'].get('url', '')}" for p in
                self._events("Log.entryAdded") if p["entry"].get("level") == "error"]
        out += [f"failed load: {p.get('errorText')}" for p in
                self._events("Network.loadingFailed")]
        return out

    def screenshot(self, path: os.PathLike[str]) -> None:
        """Save a PNG of the whole page to `path` (for looking at the report by eye)."""
        data = self.browser.send("Page.captureScreenshot",
                                 {"format": "png", "captureBeyondViewport": True},
                                 session=self.session)["data"]
        Path(path).write_bytes(base64.b64decode(data))
