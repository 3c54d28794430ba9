#!/usr/bin/env python3
"""Browser test of the page `biowire serve` shows, in headless Chromium driven over WebDriver.

It ingests the fixture newsroom plus a release whose title carries markup into a temporary data
folder, starts `biowire serve` and chromedriver on free loopback ports, then loads the page,
types a query, clicks a facet, and checks the results, the timeline chart, and that markup from
a release is shown as text; then the filter chips, the query in the URL and Back, the layout at
390 px, that only http(s) sources are links, and that the Content-Security-Policy blocks
nothing the pages do (a listener installed before any page script records every violation).
Only the standard library is used: WebDriver is JSON over HTTP.

    python3 tests/browser/test_page.py [path/to/biowire]

Prints "N passed, M failed" and exits non-zero on a failure.
"""
import json, os, re, shutil, socket, subprocess, sys, tempfile, time, urllib.error, urllib.parse, urllib.request

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

    def click(self, el):
        self.s("POST", f"/element/{el}/click", {})

    def type_query(self, text):
        box = self.find_all("#q")[0]
        self.s("POST", f"/element/{box}/clear", {})
        self.s("POST", f"/element/{box}/value", {"text": text})
        self.click(self.find_all("#search-form button")[0])

    def size(self, width, height):
        self.s("POST", "/window/rect", {"width": width, "height": height})

    def on_every_page(self, js):
        """Runs `js` in each new document before the page's own scripts (Chrome DevTools)."""
        self.s("POST", "/goog/cdp/execute", {"cmd": "Page.addScriptToEvaluateOnNewDocument", "params": {"source": js}})

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
        # A release without a title, and a record without any date.
        untitled = os.path.join(data, "untitled-note.html")
        with open(untitled, "w") as f:
            f.write("<html><body><article><p>Field notes on quokka models of immune reset keep coming, with "
                    "several groups reporting early work.</p></article></body></html>")
        undated = os.path.join(data, "undated.txt")
        with open(undated, "w") as f:
            f.write("Zeta Bio, Inc. today announced that the first patient has been dosed with ZB-11, an autologous "
                    "CD19-directed CAR-T cell therapy, in systemic lupus erythematosus.\n")
        for path in (os.path.join(ROOT, "fixtures", "newsroom"), extra, review, untitled, undated):
            subprocess.run([BIN, "--data-dir", data, "ingest", path], check=True, stdout=subprocess.DEVNULL)
        port, wd_port = free_port(), free_port()
        procs.append(subprocess.Popen([BIN, "--data-dir", data, "serve", "--addr", f"127.0.0.1:{port}"],
                                      stderr=subprocess.DEVNULL))
        procs.append(subprocess.Popen([shutil.which("chromedriver") or "/usr/bin/chromedriver", f"--port={wd_port}"],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        wait_http(f"http://127.0.0.1:{port}/healthz")
        wait_http(f"http://127.0.0.1:{wd_port}/status")
        wd = WebDriver(wd_port)
        # Every Content-Security-Policy violation of every page, recorded before its scripts run.
        wd.on_every_page("window.__csp = []; document.addEventListener('securitypolicyviolation', "
                         "(e) => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')));")
        site = f"http://127.0.0.1:{port}/"
        ELEMENT = "element-6066-11e4-a52e-4f735466cecf"

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
            wd.type_query("antigen:BCMA")
            wd.wait(lambda: "antigen%3ABCMA" in (wd.script("return location.search") or ""), "the query in the URL")

            # The URL changes before the new results are drawn: until then the first load's
            # hits are on the page, and reading one the page has just replaced fails (WebDriver
            # answers 404, a stale element), so the texts are read again until they are the
            # new results.
            def bcma_results():
                try:
                    texts = [wd.text(h) for h in wd.find_all(".hit")]
                except urllib.error.HTTPError:
                    return None
                return texts if texts and all("BCMA" in t for t in texts) else None

            wd.wait(bcma_results, "only BCMA results")

        def titles():
            return sorted(wd.text(a) for a in wd.find_all(".hit h2 a:first-child"))

        def api(q, **params):
            url = f"{site}api/search?" + urllib.parse.urlencode({"limit": 50, "q": q, **params})
            with urllib.request.urlopen(url, timeout=10) as r:
                return json.loads(r.read())

        def api_titles(q):
            # A release without a title is headed by its file name.
            return sorted(h.get("title") or h["url"].rsplit("/", 1)[-1] for h in api(q)["hits"])

        def hrefs():
            return sorted(wd.script("return Array.from(document.querySelectorAll('.hit h2 a:first-child'))"
                                    ".map((a) => a.getAttribute('href'))"))

        def api_hrefs(q):
            return sorted("/doc/" + h["id"] for h in api(q)["hits"])

        def no_csp_violations(where):
            seen = wd.script("return window.__csp")
            assert seen == [], f"{where}: {seen}"

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
            # Records without a date are not on the axis: a note says how many.
            note = wd.wait(lambda: wd.text(wd.find_all("#undated")[0]), "the undated note")
            undated = int(re.match(r"(\d+) undated", note).group(1))
            assert records and undated and sum(counts) + undated == len(records), (counts, undated, len(records))

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


        def the_count_says_how_many_match_in_all():
            for q in ("", "antigen:CD19"):
                wd.go(site + "?q=" + urllib.parse.quote(q))
                body = api(q)
                want = (f"Showing {len(body['hits'])} of {body['total']}" if body["total"] > len(body["hits"])
                        else f"{body['total']} result" + ("" if body["total"] == 1 else "s"))
                wd.wait(lambda: wd.text(wd.find_all("#count")[0]) == want, f"the count {want!r} for {q!r}")
            small = api("", limit=2)
            assert small["total"] > len(small["hits"]) == 2, (small["total"], len(small["hits"]))

        def the_timeline_is_a_continuous_month_axis():
            wd.go(site)
            bars = wd.wait(lambda: wd.find_all("#timeline rect.bar"), "timeline bars")
            months = [wd.script("return arguments[0].getAttribute('data-month')", {ELEMENT: b}) for b in bars]
            counts = [int(wd.script("return arguments[0].getAttribute('data-count')", {ELEMENT: b})) for b in bars]
            def next_month(m):
                y, mo = map(int, m.split("-"))
                return f"{y + mo // 12}-{mo % 12 + 1:02d}"
            assert all(next_month(a) == b for a, b in zip(months, months[1:])), months
            body = api("", facets="true")
            assert sum(counts) == sum(c for _, c in body["timeline"]), (counts, body["timeline"])
            titles_ = [wd.script("return arguments[0].querySelector('title').textContent", {ELEMENT: b}) for b in bars]
            assert all(t.startswith(f"{m}: {c} ") for t, m, c in zip(titles_, months, counts)), titles_[:3]
            undated = wd.text(wd.find_all("#undated")[0]) if body["undated"] else ""
            assert (f"{body['undated']} undated" in undated) if body["undated"] else True, undated
            # Redrawn to the new width when the window is resized.
            width = lambda: wd.script("const b = document.querySelectorAll('#timeline rect.bar'); const r = b[b.length - 1];"
                                      "return [parseFloat(r.getAttribute('x')) + parseFloat(r.getAttribute('width')),"
                                      " document.getElementById('timeline').clientWidth]")
            wide = width()
            assert wide[0] <= wide[1], wide
            wd.size(800, 900)
            narrow = wd.wait(lambda: (lambda w: w if w[1] < wide[1] and w[0] <= w[1] else None)(width()),
                             "the timeline redrawn narrower")
            assert narrow[0] < wide[0], (wide, narrow)
            wd.size(1200, 900)

        def a_facet_becomes_a_chip_and_its_x_removes_it():
            wd.go(site)
            wd.wait(lambda: wd.find_all(".hit"), "results on the first load")
            before, count_before = hrefs(), wd.text(wd.find_all("#count")[0])
            assert not wd.find_all("#chips .chip"), "no chip without a filter"
            facet = wd.wait(lambda: [f for f in wd.find_all("a.facet") if "lupus erythematosus" in wd.text(f)],
                            "a lupus facet")[0]
            wd.click(facet)
            chip = wd.wait(lambda: wd.find_all("#chips .chip"), "a chip for the facet")
            assert len(chip) == 1 and "lupus erythematosus" in wd.text(chip[0]), [wd.text(c) for c in chip]
            q = wd.script("return document.getElementById('q').value")
            wd.wait(lambda: hrefs() == api_hrefs(q), "the filtered results")
            assert len(hrefs()) < len(before)
            # The same facet again adds nothing.
            again = wd.wait(lambda: [f for f in wd.find_all("a.facet.active") if "lupus erythematosus" in wd.text(f)],
                            "the facet marked active")[0]
            wd.click(again)
            time.sleep(0.5)
            assert wd.script("return document.getElementById('q').value") == q
            assert len(wd.find_all("#chips .chip")) == 1
            wd.click(wd.find_all("#chips .chip button")[0])
            wd.wait(lambda: not wd.find_all("#chips .chip"), "the chip gone")
            wd.wait(lambda: hrefs() == before, "the unfiltered results again")
            wd.wait(lambda: wd.text(wd.find_all("#count")[0]) == count_before, "the unfiltered count again")
            assert wd.script("return document.getElementById('q').value") == ""

        def the_url_keeps_the_query_and_back_returns_to_it():
            wd.go(site)
            wd.wait(lambda: wd.find_all(".hit"), "results on the first load")
            a, b = "antigen:BCMA", "antigen:CD70"
            wd.type_query(a)
            wd.wait(lambda: hrefs() == api_hrefs(a), "the results of A")
            wd.type_query(b)
            wd.wait(lambda: hrefs() == api_hrefs(b), "the results of B")
            assert urllib.parse.parse_qs(wd.script("return location.search").lstrip("?"))["q"] == [b]
            assert api_hrefs(a) != api_hrefs(b)
            wd.s("POST", "/back", {})
            wd.wait(lambda: wd.script("return document.getElementById('q').value") == a, "A back in the box")
            wd.wait(lambda: hrefs() == api_hrefs(a), "the results of A again")
            assert urllib.parse.parse_qs(wd.script("return location.search").lstrip("?"))["q"] == [a]
            # Sort is kept in the URL too.
            wd.go(site + "?" + urllib.parse.urlencode({"q": a, "sort": "date"}))
            wd.wait(lambda: wd.script("return document.getElementById('sort').value") == "date", "the sort from the URL")
            wd.wait(lambda: hrefs() == sorted("/doc/" + h["id"] for h in api(a, sort="date")["hits"]), "date-sorted results")

        def the_page_fits_a_phone():
            wd.size(390, 844)
            try:
                inner = wd.script("return window.innerWidth")
                assert inner <= 400, f"the window did not narrow: {inner}"
                wd.go(site + "?q=" + urllib.parse.quote("antigen:CD19"))
                hits = wd.wait(lambda: wd.find_all(".hit"), "results at 390 px")
                wd.wait(lambda: wd.find_all("#timeline rect.bar"), "the timeline at 390 px")
                wide = wd.script("return [document.documentElement.scrollWidth, window.innerWidth]")
                assert wide[0] <= wide[1], f"scrolls sideways: {wide}"
                width = wd.script("return arguments[0].getBoundingClientRect().width", {ELEMENT: hits[0]})
                assert width > 300, f"results are {width} px wide"
                # The filters fold away; opened, they show above the results and still fit.
                assert not wd.script("return document.getElementById('facet-box').open")
                wd.click(wd.find_all("#facet-box summary")[0])
                wd.wait(lambda: [f for f in wd.find_all("a.facet") if wd.text(f)], "facets shown")
                wide = wd.script("return [document.documentElement.scrollWidth, window.innerWidth]")
                assert wide[0] <= wide[1], f"scrolls sideways with the filters open: {wide}"
                wd.go(site + "?q=" + urllib.parse.quote("antigen:CD70"))
                link = wd.wait(lambda: wd.find_all(".hit h2 a:first-child"), "a CD70 record")[0]
                wd.click(link)
                wd.wait(lambda: wd.find_all("button.field"), "the evidence view")
                wide = wd.script("return [document.documentElement.scrollWidth, window.innerWidth]")
                assert wide[0] <= wide[1], f"the evidence view scrolls sideways: {wide}"
            finally:
                wd.size(1200, 900)

        def untitled_releases_and_sources():
            wd.go(site + "?q=quokka")
            shown = wd.wait(lambda: wd.find_all(".hit h2 .untitled"), "the untitled release")
            assert [h.get("title") for h in api("quokka")["hits"]] == [None]
            assert [wd.text(u) for u in shown] == ["untitled-note.html"], [wd.text(u) for u in shown]
            assert wd.find_all(".hit h2 .untitled-tag"), "marked untitled"
            wd.click(wd.find_all(".hit h2 a.headline")[0])
            title = wd.wait(lambda: wd.find_all("#title.untitled"), "the evidence view of the untitled release")[0]
            assert wd.text(title).startswith("untitled-note.html"), wd.text(title)
            wd.go(site + "?q=" + urllib.parse.quote("antigen:CD70"))
            hits = wd.wait(lambda: (lambda h: h if len(h) >= 2 else None)(wd.find_all(".hit")), "CD70 results")
            # Only http(s) sources are links; the headline opens the evidence view.
            for a in wd.script("return Array.from(document.querySelectorAll('#results a')).map((a) => a.getAttribute('href'))"):
                assert a.startswith("/doc/") or re.match(r"^https?://", a), a
            assert len(wd.find_all(".hit h2 a.headline")) == len(hits)
            paths = wd.find_all(".hit .meta .path")
            assert paths and all("file://" not in wd.text(p) for p in paths), [wd.text(p) for p in paths]
            # Hits with other schemes, rendered by the page's own code: only http(s) becomes a link.
            fake = [{"id": "ab" * 32, "url": u, "title": "t", "snippet": "s", "highlights": [], "record": None,
                     "match": "record"} for u in ("javascript:window.__xss=3", " JavaScript:window.__xss=4",
                                                   "data:text/html,x", "file:///srv/a.html", "https://wire.example/a")]
            links = wd.script("renderHits(arguments[0], 5); return Array.from(document.querySelectorAll('#results a'))"
                              ".map((a) => a.getAttribute('href'))", fake)
            assert sorted(links) == sorted(["/doc/" + "ab" * 32] * 5 + ["https://wire.example/a"]), links

        def the_policy_blocks_nothing_the_pages_do():
            with urllib.request.urlopen(site, timeout=10) as r:
                csp = r.headers["Content-Security-Policy"]
            assert "script-src 'self'" in csp and "style-src 'self'" in csp and "unsafe-inline" not in csp, csp
            wd.go(site + "?q=" + urllib.parse.quote("antigen:CD70"))
            wd.wait(lambda: wd.find_all("#timeline rect.bar"), "results and timeline")
            no_csp_violations("the search page")
            facet = wd.wait(lambda: wd.find_all("a.facet"), "facets")[0]
            wd.click(facet)
            wd.wait(lambda: wd.find_all("#chips .chip"), "a chip")
            no_csp_violations("after a facet")
            link = wd.wait(lambda: wd.find_all(".hit h2 a:first-child"), "a result")[0]
            wd.click(link)
            button = wd.wait(lambda: wd.find_all("button.field"), "the evidence view")[0]
            wd.click(button)
            no_csp_violations("the evidence view")
            # The listener does see a violation: an inline style is refused.
            wd.script("document.body.setAttribute('style', 'color: red')")
            wd.wait(lambda: wd.script("return window.__csp.length > 0"), "the inline style reported")

        for name, fn in [("page loads with results", loads_with_results),
                         ("typing a query filters the results", typing_a_query_filters_results),
                         ("clicking a facet narrows the query", clicking_a_facet_narrows_the_query),
                         ("a mention comes after the records, with its badge", a_mention_comes_after_the_records_with_its_badge),
                         ("the evidence view highlights a field's sentence", the_evidence_view_highlights_a_fields_sentence),
                         ("the timeline has a bar per month", timeline_has_a_bar_per_month),
                         ("query words are highlighted", words_are_highlighted),
                         ("markup in a release is shown as text", markup_in_a_release_is_shown_as_text),
                         ("the count says how many match in all", the_count_says_how_many_match_in_all),
                         ("the timeline is a continuous month axis, redrawn on resize",
                          the_timeline_is_a_continuous_month_axis),
                         ("a facet becomes a chip, its x removes it", a_facet_becomes_a_chip_and_its_x_removes_it),
                         ("the URL keeps the query and Back returns to it", the_url_keeps_the_query_and_back_returns_to_it),
                         ("the page fits a 390 px phone", the_page_fits_a_phone),
                         ("untitled releases are named, only http(s) sources are links", untitled_releases_and_sources),
                         ("the CSP blocks nothing the pages do", the_policy_blocks_nothing_the_pages_do)]:
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
