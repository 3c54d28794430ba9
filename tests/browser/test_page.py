#!/usr/bin/env python3
"""Browser test of the page `biowire serve` shows, in headless Chromium driven over WebDriver.

It ingests the fixture newsroom plus a release whose title carries markup into a temporary data
folder, starts `biowire serve` and chromedriver on free loopback ports, then loads the page,
types a query, clicks a facet, and checks the results, the timeline chart, and that markup from
a release is shown as text. Only the standard library is used: WebDriver is JSON over HTTP.

    python3 tests/browser/test_page.py [path/to/biowire]

Prints "N passed, M failed" and exits non-zero on a failure.
"""
import json, os, re, shutil, socket, subprocess, sys, tempfile, time, urllib.parse, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target", "release", "biowire")
HOSTILE = "Acme <script>window.__xss=1</script><img src=x onerror=\"window.__xss=2\"> Doses First Patient With ZX-901 in Lupus"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                return r.status
        except Exception:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer in {timeout} s")


class WebDriver:
    def __init__(self, port):
        self.base = f"http://127.0.0.1:{port}"
        caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
            "binary": shutil.which("chromium") or "/usr/bin/chromium",
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-quic", "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--window-size=1200,900"]}}}}
        self.session = self.call("POST", "/session", caps)["sessionId"]

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=30) as r:
            return json.loads(r.read() or b"{}").get("value")

    def s(self, method, path, body=None):
        return self.call(method, f"/session/{self.session}{path}", body)

    def go(self, url):
        self.s("POST", "/url", {"url": url})

    def find_all(self, css):
        return [list(e.values())[0] for e in self.s("POST", "/elements", {"using": "css selector", "value": css})]

    def text(self, el):
        return self.s("GET", f"/element/{el}/text")

    def script(self, js, *args):
        return self.s("POST", "/execute/sync", {"script": js, "args": list(args)})

    def wait(self, predicate, what, timeout=15):
        deadline = time.time() + timeout
        while time.time() < deadline:
            value = predicate()
            if value:
                return value
            time.sleep(0.2)
        raise AssertionError(f"timed out waiting for {what}")

    def quit(self):
        try:
            self.s("DELETE", "")
        except Exception:
            pass


def main():
    passed, failed = 0, 0
    procs = []
    data = tempfile.mkdtemp(prefix="biowire-browser-")
    try:
        extra = os.path.join(data, "hostile.html")
        with open(extra, "w") as f:
            f.write(f"<html><head><title>{HOSTILE.replace('<', '&lt;').replace('>', '&gt;')}</title></head><body><article>"
                    "<p>BOSTON, March 3, 2026 /PRNewswire/ -- Acme Bio, Inc. (Nasdaq: ACME) today announced that the first "
                    "patient has been dosed with ZX-901, an allogeneic CD19-directed CAR-T cell therapy, in systemic lupus "
                    "erythematosus.</p></article></body></html>")
        review = os.path.join(data, "cd70-review.txt")
        with open(review, "w") as f:
            f.write("CD70 emerges as a target in kidney cancer\n\nSeveral groups are studying CD70 in clear cell "
                    "renal cell carcinoma, analysts said this week.\n")
        for path in (os.path.join(ROOT, "fixtures", "newsroom"), extra, review):
            subprocess.run([BIN, "--data-dir", data, "ingest", path], check=True, stdout=subprocess.DEVNULL)
        port, wd_port = free_port(), free_port()
        procs.append(subprocess.Popen([BIN, "--data-dir", data, "serve", "--addr", f"127.0.0.1:{port}"],
                                      stderr=subprocess.DEVNULL))
        procs.append(subprocess.Popen([shutil.which("chromedriver") or "/usr/bin/chromedriver", f"--port={wd_port}"],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        wait_http(f"http://127.0.0.1:{port}/healthz")
        wait_http(f"http://127.0.0.1:{wd_port}/status")
        wd = WebDriver(wd_port)
        site = f"http://127.0.0.1:{port}/"

        def check(name, fn):
            nonlocal passed, failed
            try:
                fn()
                passed += 1
                print(f"ok      {name}")
            except Exception as e:  # report every failure, keep going
                failed += 1
                print(f"FAILED  {name}: {e}")

        def loads_with_results():
            wd.go(site)
            wd.wait(lambda: wd.find_all(".hit"), "results on the first load")

        def typing_a_query_filters_results():
            box = wd.find_all("#q")[0]
            wd.s("POST", f"/element/{box}/clear", {})
            wd.s("POST", f"/element/{box}/value", {"text": "antigen:BCMA"})
            wd.s("POST", f"/element/{wd.find_all('button')[0]}/click", {})
            wd.wait(lambda: "antigen%3ABCMA" in (wd.script("return location.search") or ""), "the query in the URL")
            hits = wd.wait(lambda: wd.find_all(".hit"), "BCMA results")
            for h in hits:
                assert "BCMA" in wd.text(h), wd.text(h)

        def titles():
            return sorted(wd.text(a) for a in wd.find_all(".hit h2 a:first-child"))

        def api_titles(q):
            url = f"{site}api/search?limit=50&q=" + urllib.parse.quote(q)
            with urllib.request.urlopen(url, timeout=10) as r:
                return sorted(h.get("title") or h.get("url") for h in json.loads(r.read())["hits"])

        def clicking_a_facet_narrows_the_query():
            # From every release, click a facet that leaves out some of them, wait for the new
            # results, and compare them with what the API answers for the facet's query.
            wd.go(site)
            wd.wait(lambda: wd.find_all(".hit"), "results on the first load")
            before = titles()
            facet = wd.wait(lambda: [f for f in wd.find_all("a.facet") if "lupus erythematosus" in wd.text(f)],
                            "a lupus facet")[0]
            wd.s("POST", f"/element/{facet}/click", {})
            q = wd.wait(lambda: (lambda v: v if "disease:" in v else None)(
                wd.script("return document.getElementById('q').value")), "the facet in the box")
            expected = api_titles(q)
            assert expected and len(expected) < len(before), (len(expected), len(before))
            got = wd.wait(lambda: (lambda t: t if t == expected else None)(titles()),
                          f"exactly the {len(expected)} results of {q!r}")
            for h in wd.find_all(".hit"):
                is_mention = wd.script("return arguments[0].querySelector('.badge.mention') !== null",
                                       {"element-6066-11e4-a52e-4f735466cecf": h})
                assert is_mention or "lupus erythematosus" in wd.text(h), wd.text(h)

        def a_mention_comes_after_the_records_with_its_badge():
            wd.go(site + "?q=" + urllib.parse.quote("antigen:CD70"))
            hits = wd.wait(lambda: (lambda h: h if len(h) >= 2 else None)(wd.find_all(".hit")), "CD70 results")
            badges = [bool(wd.script("return arguments[0].querySelector('.badge.mention') !== null",
                                     {"element-6066-11e4-a52e-4f735466cecf": h})) for h in hits]
            assert badges[-1] and not any(badges[:-1]), badges
            assert "CD70 emerges" in wd.text(hits[-1]), wd.text(hits[-1])

        def the_evidence_view_highlights_a_fields_sentence():
            wd.go(site + "?q=" + urllib.parse.quote("antigen:CD70"))
            link = wd.wait(lambda: wd.find_all(".hit h2 a:first-child"), "a CD70 record")[0]
            wd.s("POST", f"/element/{link}/click", {})
            button = wd.wait(lambda: [b for b in wd.find_all("button.field") if wd.text(b).startswith("indications")],
                             "the record's indications field")[0]
            assert wd.find_all("#text .ev"), "evidence sentences are marked in the text"
            assert wd.find_all("#text .mention"), "mentions are underlined"
            assert not wd.find_all("#text .ev.flash"), "nothing is lit before a click"
            wd.s("POST", f"/element/{button}/click", {})
            lit = wd.wait(lambda: wd.find_all("#text .ev.flash"), "the indications evidence highlighted")
            assert "renal cell carcinoma" in "".join(wd.text(x) for x in lit), [wd.text(x) for x in lit]
            meta = wd.text(wd.find_all("#meta")[0])
            assert "file://" not in meta and "fixtures/newsroom" in meta, meta
            assert not wd.find_all("#meta a"), "a file:// source is a path, not a link"
            wd.go(site)

        def timeline_has_a_bar_per_month():
            wd.go(site + "?q=" + urllib.parse.quote('disease:"systemic lupus erythematosus"'))
            bars = wd.wait(lambda: wd.find_all("#timeline rect.bar"), "timeline bars")
            counts = [int(wd.script("return arguments[0].getAttribute('data-count')", {"element-6066-11e4-a52e-4f735466cecf": b})) for b in bars]
            records = [h for h in wd.find_all(".hit") if wd.script(
                "return arguments[0].querySelector('.badge.milestone') !== null", {"element-6066-11e4-a52e-4f735466cecf": h})]
            assert records and sum(counts) == len(records), (counts, len(records))

        def words_are_highlighted():
            wd.go(site + "?q=allogeneic")
            marks = wd.wait(lambda: wd.find_all(".hit .snippet mark"), "highlighted words")
            assert all(wd.text(m).lower().startswith("allogeneic") for m in marks), [wd.text(m) for m in marks]

        def markup_in_a_release_is_shown_as_text():
            wd.go(site + "?q=ZX-901")
            hit = wd.wait(lambda: wd.find_all(".hit h2 a"), "the hostile release")[0]
            assert "<script>window.__xss=1</script>" in wd.text(hit) and "<img" in wd.text(hit), wd.text(hit)
            assert wd.script("return window.__xss === undefined"), "markup from a release ran"
            assert not wd.find_all(".hit img") and not wd.find_all(".hit script"), "an element was created from release text"

        for name, fn in [("page loads with results", loads_with_results),
                         ("typing a query filters the results", typing_a_query_filters_results),
                         ("clicking a facet narrows the query", clicking_a_facet_narrows_the_query),
                         ("a mention comes after the records, with its badge", a_mention_comes_after_the_records_with_its_badge),
                         ("the evidence view highlights a field's sentence", the_evidence_view_highlights_a_fields_sentence),
                         ("the timeline has a bar per month", timeline_has_a_bar_per_month),
                         ("query words are highlighted", words_are_highlighted),
                         ("markup in a release is shown as text", markup_in_a_release_is_shown_as_text)]:
            check(name, fn)
        wd.quit()
    finally:
        for p in procs:
            p.terminate()
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
        shutil.rmtree(data, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
