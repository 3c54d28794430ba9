#!/usr/bin/env python3
"""Renders the fixture releases in scripts/fixtures_data.py into fixtures/newsroom/.

Each release becomes a page as a newswire or newsroom shows it (navigation, share buttons,
photo credits, sidebars of other news, About sections, forward-looking statements, contacts),
or a plain-text release, plus NAME.expected.json with the records a reader takes from it.

    python3 scripts/make_fixtures.py      # rewrites fixtures/newsroom/
"""
import html, json, os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fixtures_data import FIXTURES, FLS  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "newsroom")

WIRES = {
    "prn": ("PR Newswire", "https://www.prnewswire.example/news-releases/"),
    "gnw": ("GlobeNewswire", "https://www.globenewswire.example/news-release/"),
    "bw": ("Business Wire", "https://www.businesswire.example/news/home/"),
    "newsroom": ("Company newsroom", "https://newsroom.example/press/"),
    "newsroom_iso": ("Company newsroom", "https://newsroom.example/press/"),
}

# Other news in sidebars: a page furniture trap full of drugs and diseases.
SIDEBAR = [
    "Rivale Bio doses first patient with CD22 CAR-T RVB-22 in acute lymphoblastic leukemia",
    "Ostrander Pharma wins approval for HER2 antibody in breast cancer",
    "Kestrel Cell raises $80 million to advance GPRC5D program",
]


def esc(s):
    return html.escape(s, quote=True)


def body_text(f):
    tk = f["ticker"]
    paras = [p.replace("{co}", f["company"]).replace(" {tk}", (" " + tk) if tk else "") for p in f["body"]]
    paras[0] = f"{f['dateline']} {paras[0]}"
    return paras


def render_html(f):
    wire, base = WIRES[f["template"]]
    slug = f["id"]
    url = base + slug
    paras = body_text(f)
    p = lambda t: f"      <p>{esc(t)}</p>\n"
    deck = "".join(f"      <h2 class=\"subhead\">{esc(d)}</h2>\n" for d in f["deck"])
    about = ""
    if f.get("about_product"):
        h, t = f["about_product"]
        about += f"      <h3>{esc(h)}</h3>\n" + p(t)
    company_short = f["company"]
    about += f"      <h3>About {esc(company_short)}</h3>\n" + p(f["about_company"])
    about += "      <h3>Forward-Looking Statements</h3>\n" + p(FLS)
    about += ("      <h3>Contacts</h3>\n      <p>Media: media@" + slug.split("-")[1] + ".example<br>"
              "Investors: ir@" + slug.split("-")[1] + ".example</p>\n")
    time_tag = ""
    if f["template"] == "newsroom_iso":
        time_tag = f"      <p class=\"post-meta\">Posted <time datetime=\"{f['iso_date']}\">{f['iso_date']}</time></p>\n"
    figure = ("      <figure class=\"wp-block-image\"><img src=\"/img/lab.jpg\" alt=\"Laboratory\">"
              "<figcaption>Photo by Alex Doe on Unsplash</figcaption></figure>\n")
    body_paras = "".join(p(t) for t in paras[:1]) + figure + "".join(p(t) for t in paras[1:])
    sidebar = "".join(f"        <li><a href=\"/news/{i}\">{esc(s)}</a></li>\n" for i, s in enumerate(SIDEBAR))
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{esc(f['title'])} | {esc(wire)}</title>
  <meta property="og:title" content="{esc(f['title'])}">
  <meta property="og:site_name" content="{esc(wire)}">
  <link rel="canonical" href="{esc(url)}">
</head>
<body>
  <header class="site-header">
    <a class="logo" href="/">{esc(wire)}</a>
    <nav class="main-nav"><a href="/news">News</a> <a href="/health">Health</a> <a href="/biotech">Biotechnology</a> <a href="/contact">Contact</a></nav>
  </header>
  <div class="share-bar"><span>Share this article</span> <a href="#">Facebook</a> <a href="#">X</a> <a href="#">LinkedIn</a> <a href="#">Email</a></div>
  <main>
    <article class="release">
      <h1>{esc(f['title'])}</h1>
{deck}{time_tag}      <div class="release-body">
{body_paras}{about}      </div>
    </article>
    <aside class="sidebar related-news">
      <h4>More news</h4>
      <ul>
{sidebar}      </ul>
    </aside>
  </main>
  <footer class="site-footer">&copy; 2026 {esc(wire)}. All rights reserved. <a href="/terms">Terms</a> <a href="/privacy">Privacy</a></footer>
</body>
</html>
"""


def render_text(f):
    paras = body_text(f)
    lines = [f["title"], ""] + [l for d in f["deck"] for l in (d, "")]
    for t in paras:
        lines += [t, ""]
    if f.get("about_product"):
        lines += [f["about_product"][0], "", f["about_product"][1], ""]
    lines += [f"About {f['company']}", "", f["about_company"], "", "Forward-Looking Statements", "", FLS, "",
              "Contacts", "", "media@example.com", ""]
    return "\n".join(lines)


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in FIXTURES:
        ext = "txt" if f["template"] == "text" else "html"
        content = render_text(f) if ext == "txt" else render_html(f)
        with open(os.path.join(OUT, f"{f['id']}.{ext}"), "w", encoding="utf-8") as fh:
            fh.write(content)
        with open(os.path.join(OUT, f"{f['id']}.expected.json"), "w", encoding="utf-8") as fh:
            json.dump({"records": f["expected"]}, fh, indent=2, ensure_ascii=False)
            fh.write("\n")
    print(f"wrote {len(FIXTURES)} releases to {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
