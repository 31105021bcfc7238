"""The HTML report: well-formed XHTML with MathML and inline SVG, nothing a document can turn into markup,
and a page a browser draws (headless Chromium, where one is installed)."""

from __future__ import annotations

import html.parser
import os
import pathlib
import shutil
import signal
import subprocess
from xml.etree import ElementTree

import locations
import pytest

import derive
from derive import results
from derive.report import figures, mathml
from derive.report import html as html_report

REPOSITORY = locations.REPOSITORY
LEAST_SQUARES = REPOSITORY / "docs" / "examples" / "least_squares.md"
ORACLES = ("symbolic", "float", "taylor", "solution")  # the Taylor series without TensorFlow
XHTML = "{http://www.w3.org/1999/xhtml}"
MATH = f"{{{mathml.NAMESPACE}}}"
SVG = "{http://www.w3.org/2000/svg}"
BROWSERS = ("chromium", "chromium-browser", "google-chrome")

# every element the page may hold: its own HTML, MathML from mathml.ELEMENTS, SVG from matplotlib
PAGE_ELEMENTS = {
    "html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "strong", "span", "code", "section",
    "table", "thead", "tbody", "tr", "th", "td", "div", "ul", "li", "figure", "figcaption",
}
SVG_ELEMENTS = {"svg", "defs", "clipPath", "g", "path", "rect", "text", "tspan", "use"}

HOSTILE = r"""# Notes <script>alert(1)</script>

$$ \text{<script>alert(1)</script>} = x $$

$$ x<script>alert(1)</script> = 1 $$

$$ \text{"><svg onload=alert(1)>} = A $$

$$ \text{</math><img src=x onerror=alert(1)>} + A = A $$

$$ \href{javascript:alert(1)}{x} = x $$

$$ \style{background:url(https://example.com/x)}{x} = x $$

$$ \mytrap{<img src=x onerror=alert(1)>} = y $$

$$ \newcommand{\evil}{\text{<b onmouseover=alert(1)>}} \evil = x $$

$$ \text{]]><![CDATA[<script>x</script>} = A $$

$$ \text{&lt;script&gt;} = A $$

$$ x + \text{<script>alert(1)</script>} = \operatorname{<img src=x onerror=alert(1)>}(x) $$

$$ \mathrm{"><svg/onload=alert(1)>} = y $$
"""


@pytest.fixture(scope="module")
def least_squares() -> results.DocumentResult:
    return derive.check(LEAST_SQUARES, oracles=ORACLES)


def _parsed(page: str) -> ElementTree.Element:
    """The page (its doctype line left out) or a notebook fragment as XML: raises on anything not well-formed."""
    return ElementTree.fromstring(page.removeprefix("<!DOCTYPE html>\n"))


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _assert_inert(page: str) -> None:
    """No element or attribute that can run, load or link, read as XML and as a browser's HTML parser reads it."""
    root = _parsed(page)
    allowed = PAGE_ELEMENTS | mathml.ELEMENTS.keys() | SVG_ELEMENTS
    for element in root.iter():
        assert _local(element.tag) in allowed, element.tag
        for name, value in element.attrib.items():
            assert not _local(name).lower().startswith("on") and _local(name) not in ("src", "srcdoc", "action"), name
            if _local(name) == "href":
                assert value.startswith("#"), value
            assert "url(" not in value.lower() or "url(#" in value.lower(), value
    tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    class Tags(html.parser.HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            tags.append((tag, attrs))

    Tags().feed(page)
    assert not [tag for tag, _ in tags if tag in ("script", "img", "iframe", "object", "embed", "link", "base", "a")]
    assert not [name for _, attrs in tags for name, _ in attrs if name.startswith("on")]


def _claim_cells(root: ElementTree.Element) -> list[ElementTree.Element]:
    return [row.findall(f"{XHTML}td")[1] for row in root.iter(f"{XHTML}tr") if row.findall(f"{XHTML}td")]


def test_the_page_is_well_formed_xhtml_with_mathml_for_each_claim(least_squares: results.DocumentResult) -> None:
    page = html_report.render([least_squares])
    root = _parsed(page)
    assert root.tag == XHTML + "html"
    cells = _claim_cells(root)
    assert len(cells) == len(least_squares.claims) == 17
    for cell in cells:
        assert cell.find(f"{MATH}math") is not None and cell.find(f"{XHTML}code") is None
    policy = root.find(f"{XHTML}head/{XHTML}meta[@http-equiv='Content-Security-Policy']")
    assert policy is not None and policy.get("content") == "default-src 'none'; style-src 'unsafe-inline'"
    hessian = cells[-2].find(f".//{MATH}msubsup")  # ∇ₓ² as a sub- and superscript
    assert hessian is not None and "".join(hessian.itertext()) == "∇x2"
    _assert_inert(page)


def test_taylor_plots_are_inline_svg_for_the_claims_with_a_series(least_squares: results.DocumentResult) -> None:
    root = _parsed(html_report.render([least_squares]))
    pictures = list(root.iter(f"{SVG}svg"))
    plottable = [c for c in least_squares.claims if c.taylor is not None and figures.plottable(c.taylor)]
    assert len(plottable) == 4 and len(pictures) == 4  # ∇(bᵀb) = 0 has only zero remainders: no line to draw
    ids = [element.get("id") for picture in pictures for element in picture.iter() if element.get("id")]
    assert ids and len(ids) == len(set(ids))  # unique on the page
    for picture in pictures:
        own = {element.get("id") for element in picture.iter()}
        for element in picture.iter():
            reference = element.get("href") or element.get("clip-path") or ""
            target = reference.removeprefix("url(").removesuffix(")").removeprefix("#")
            assert not reference or target in own
    captions = list(root.iter(f"{XHTML}figcaption"))
    assert "observed order 2.00, expected 2" in "".join(captions[0].itertext())
    assert "rounding floor" in "".join(captions[1].itertext())
    assert all(caption.find(f"{MATH}math") is not None for caption in captions)  # the claim, typeset


def test_a_page_draws_at_most_plots_taylor_plots(least_squares: results.DocumentResult, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html_report, "PLOTS", 3)
    page = html_report.render([least_squares, least_squares])
    assert len(list(_parsed(page).iter(f"{SVG}svg"))) == 3
    assert "1 more not drawn (a page draws at most 3)." in page and "4 more not drawn" in page


def test_a_failure_shows_its_counterexample_as_matrices() -> None:
    document = derive.check(REPOSITORY / "tests" / "data" / "reports" / "hostile.md", oracles=("symbolic", "exact", "float"))
    page = html_report.render([document])
    root = _parsed(page)
    failure = next(div for div in root.iter(f"{XHTML}div") if div.get("class") == "failure" and "failed" in "".join(div.itertext()))
    matrices = list(failure.iter(f"{MATH}mtable"))
    assert len(matrices) == 4  # A, C, left side, right side
    assert "as written: (AC)^T = A^TC^T" in "".join(failure.itertext())
    _assert_inert(page)


def test_hostile_latex_in_a_document_cannot_make_markup(tmp_path: pathlib.Path) -> None:
    source = tmp_path / "hostile.md"
    source.write_text(HOSTILE, "utf-8")
    document = derive.check(source, oracles=("symbolic",))
    page = html_report.render([document], title="<script>alert(1)</script>")
    _assert_inert(page)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # shown, as text
    _assert_inert(html_report.fragment(document))


MARKUP = '"><script>alert(1)</script><img src=x onerror=alert(1)>'


def _hostile_result() -> results.DocumentResult:
    bad = '"><script>alert(1)</script><img src=x onerror=alert(1)>&amp; \x1b[2J'
    claim = results.ClaimResult(
        line=3, column=1, latex=bad, kind="derivative", verdict=results.FAILED,
        evidence=(results.Evidence(bad, bad, False),), conditions=(bad,), message=bad,
        counterexample=results.Counterexample({bad: 1}, {bad: [[1, 2]], "x": bad}, bad, [[bad]], 0),
        derived=r"\href{javascript:alert(1)}{x}", typeset=(rf"\text{{{MARKUP}}}", "=", "x"),
        taylor=results.TaylorSeries((0.1, 0.01, 0.001), (1e-2, 1e-4, 1e-6), 2.0, 2.0),
    )
    return results.DocumentResult(path=bad, claims=(claim,), seed=7)


def test_hostile_results_cannot_make_markup() -> None:
    document = _hostile_result()
    for page in (html_report.render([document], title=document.path), html_report.fragment(document)):
        _assert_inert(page)
        assert "\x1b" not in page
        texts = ["".join(mtext.itertext()) for mtext in _parsed(page).iter(f"{MATH}mtext")]
        assert MARKUP.replace(" ", "\u00a0") in texts  # typeset, as text


def test_the_notebook_fragment_is_one_well_formed_div(least_squares: results.DocumentResult) -> None:
    root = ElementTree.fromstring(html_report.fragment(least_squares))
    assert root.tag == "div" and root.get("class") == "derive-check"
    assert len(list(root.iter(f"{MATH}math"))) >= len(least_squares.claims)
    assert len(list(root.iter(f"{SVG}svg"))) == 4


def test_the_svg_of_a_series_is_the_same_every_time() -> None:
    series = results.TaylorSeries((0.1, 0.05, 0.025), (1e-2, 2.5e-3, 6.25e-4), 2.0, 2.0)
    other = results.TaylorSeries((0.1, 0.05, 0.025), (1e-3, 1e-4, 1e-5), 1.5, 2.0)
    drawn = figures.taylor_svg(series)
    assert drawn == figures.taylor_svg(series) and drawn.startswith("<svg ") and "<!" not in drawn and "<?" not in drawn
    ids = {element.get("id") for element in ElementTree.fromstring(drawn).iter()} - {None}
    others = {element.get("id") for element in ElementTree.fromstring(figures.taylor_svg(other)).iter()} - {None}
    assert ids and not ids & others  # two plots in one notebook never share an id
    with pytest.raises(ValueError, match="two positive remainders"):
        figures.taylor_svg(results.TaylorSeries((0.1, 0.01), (0.0, 0.0), None, 2.0))


# --- in a browser ---------------------------------------------------------------------------------


def _browser() -> str | None:
    return next((found for found in map(shutil.which, BROWSERS) if found is not None), None)


def test_the_page_renders_in_a_headless_browser(least_squares: results.DocumentResult, tmp_path: pathlib.Path) -> None:
    browser = _browser()
    if browser is None:
        pytest.skip(f"none of {', '.join(BROWSERS)} is on PATH, so the page is not drawn (.ci/run installs chromium)")
    page = tmp_path / "report.html"
    page.write_text(html_report.render([least_squares]), "utf-8")
    shot = tmp_path / "out.png"
    command = [
        browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
        f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={shot}", "--window-size=1200,2000", page.as_uri(),
    ]
    # its own home and caches, so that nothing is written outside tmp_path
    home = {name: str(tmp_path / "home") for name in ("HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME")}
    log = tmp_path / "browser.log"
    with log.open("wb") as output:
        # a session of its own: the renderer and GPU processes it starts can be ended with it
        process = subprocess.Popen(command, stdout=output, stderr=output, env={**os.environ, **home}, start_new_session=True)
        try:
            process.wait(timeout=180)
        finally:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass  # every process of the group has already exited
            process.wait()
    assert shot.is_file(), log.read_text("utf-8", "replace")[-2000:]
    from matplotlib import image

    pixels = image.imread(str(shot))[..., :3]
    assert pixels.shape[:2] == (2000, 1200)
    ink = (pixels < 0.9).any(axis=-1)
    assert ink.mean() > 0.02  # text, rules and plots, not a blank page
    colours = {tuple(colour) for colour in (pixels[ink] * 255).round().astype(int).tolist()}
    assert len(colours) > 50  # anti-aliased text and lines in several colours

    def near(hex_colour: str) -> int:
        target = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        return int((abs(pixels - target).max(axis=-1) < 0.06).sum())

    assert near("#1a7f37") > 200  # the page's CSS: ✔ proved in green
    assert near("#ff7f0e") > 200  # the inline SVG: matplotlib's orange slope-2 line
