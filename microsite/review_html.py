"""A review as a web page of its own (DIR/index.html): before and after side by side, no script, nothing loaded
from elsewhere; the labels in the editor's language."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import jinja2

from .errors import WARNING, ContentError
from .messages import N_, _, current, ngettext_
from .review import Review
from .review_report import language_name, no_changes, page_urls, status_label, url

TEMPLATES = Path(__file__).resolve().parent / "review_templates"
REPORT_FILES = {"index.html", "shots"}  # all a report folder holds
LABELS = {
    "title": N_("Review of the changes"), "before": N_("Before"), "after": N_("After"),
    "added": N_("Pages added"), "removed": N_("Pages removed"), "moved": N_("Pages moved"),
    "changed": N_("Pages changed"), "page": N_("Page"), "source": N_("Source file"),
    "old_address": N_("Old address"), "new_address": N_("New address"), "title_row": N_("Title"),
    "description_row": N_("Description"), "text_row": N_("Text"), "navigation": N_("Navigation"),
    "status": N_("Translation status"), "problems": N_("Warnings and errors"), "files": N_("Other files"),
    "screens": N_("Screenshots"), "no_changes": N_("No changes."), "pages_now": N_("The site now"),
    "base_errors": N_("The base does not build"), "new_errors": N_("The working tree does not build"),
    "note": N_("Changed areas are outlined in the screenshots."), "nav_pages": N_("On pages"),
    "appeared": N_("New"), "gone": N_("Gone"), "modified": N_("Changed"), "what": N_("What"), "entry": N_("Entry"),
}


def report_problems(folder: Path) -> list[ContentError]:
    """Why --html must not be given folder: it holds something other than an earlier report, which writing the
    report would delete."""
    if folder.exists() and (folder.is_symlink() or not folder.is_dir() or
                            not {entry.name for entry in folder.iterdir()} <= REPORT_FILES):
        return [ContentError(folder.as_posix(), None, N_("the folder holds files other than an earlier review"),
                             N_("give --html a new or empty folder: the review replaces what is in it"))]
    return []


def write_report(review: Review, folder: Path, screenshots: bool = False) -> Path:
    """Write the report into folder (replacing an earlier report there); return its page."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    shots: dict[str, list[dict]] = {}
    if screenshots:
        from .screenshots import take_screenshots
        shots, problem = take_screenshots(review, folder)
        if problem:
            print(f"{_(WARNING)}: {problem}", file=sys.stderr)
    page = folder / "index.html"
    page.write_text(render_report(review, shots), encoding="utf-8")
    return page


def render_report(review: Review, shots: dict | None = None) -> str:
    """The report page's HTML."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["url"] = url
    return env.get_template("report.html").render(
        review=review, lang=current(), labels={name: _(text) for name, text in LABELS.items()},
        summary=summary(review), languages=languages(review), shots=shots or {},
        problems=problems(review), site_now=site_now(review), language_name=lambda code: language_name(review, code))


def summary(review: Review) -> str:
    """One sentence on what was compared."""
    if review.unchanged:
        return no_changes(review)
    return _("The site built from the working tree compared with {name} ({commit}).", name=review.base.name,
             commit=review.base.short)


def languages(review: Review) -> list[dict]:
    """Per language, what the page shows of it: the diff and the translation status lines that changed."""
    found = []
    for diff in (review.diff.languages if review.diff else ()):
        status = status_entries(review, diff.lang)
        if diff.empty and not status:
            continue
        layout = (ngettext_("{count} page changed in layout only", "{count} pages changed in layout only",
                            len(diff.layout_only)) if diff.layout_only else "")
        found.append({"diff": diff, "status": status, "layout": layout})
    return found


def status_entries(review: Review, code: str) -> list[dict]:
    """The translation status lines of one language that changed, as the page lists them."""
    return [{"label": status_label(change), "line": change.entry.as_line()}
            for change in review.status if change.lang == code]


def problems(review: Review) -> list[dict]:
    """The warnings and errors that appeared or went away."""
    found = []
    for error, appeared in review.warnings:
        found.append({"appeared": appeared, "line": error.as_line(WARNING)})
    for error, appeared in review.errors:
        found.append({"appeared": appeared, "line": error.as_line()})
    return found


def site_now(review: Review) -> list[dict]:
    """When there is no diff (the base did not build): the working tree's pages and translation status."""
    if review.diff is not None or not review.new.built:
        return []
    return [{"name": language_name(review, code),
             "pages": page_urls(review, code), "status": status_entries(review, code)}
            for code in review.new.languages]
