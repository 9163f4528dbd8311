"""A review as a terminal summary (in the editor's language) and as JSON (English, for tools)."""
from __future__ import annotations

from .errors import WARNING, ContentError, shown
from .messages import N_, _, ngettext_
from .review import Review, StatusChange
from .sitediff import LanguageDiff, PageChange, PageRef, WordChange

# What a line of the translation status means when it appears, and when it goes away.
STATUS_LABELS = {
    "missing_pages": (N_("became untranslated (visitors see a stand-in)"),
                      N_("got its translation (the stand-in is gone)")),
    "outdated": (N_("became outdated"), N_("is up to date again")),
    "missing_fields": (N_("text missing in a data file"), N_("text in a data file translated")),
    "missing_strings": (N_("UI string untranslated"), N_("UI string translated")),
    "fuzzy_strings": (N_("UI string fuzzy"), N_("UI string no longer fuzzy")),
}

WARNINGS_NOW = N_("the working tree's warnings")
WORDS = {"added": N_("added"), "removed": N_("removed"), "moved": N_("moved"), "changed": N_("changed"),
         "title": N_("title"), "description": N_("description")}


def word(name: str) -> str:
    """A label of the summary's lines in the editor's language."""
    return _(WORDS[name])


def url(page: PageRef | str) -> str:
    """The address as a visitor types it after the site's own, starting with '/'."""
    return "/" + (page.url_path if isinstance(page, PageRef) else page)


def page_urls(review: Review, code: str) -> list[str]:
    """The working tree's pages in one language ('' for the root pages), by address."""
    return sorted(url(p) for p in review.new.pages.values() if p.lang == code)


def status_label(change: StatusChange) -> str:
    """What a line of the translation status that appeared or went away means, in the editor's language."""
    appeared, gone = STATUS_LABELS[change.section]
    return _(appeared if change.appeared else gone)


def no_changes(review: Review) -> str:
    return _("No changes: the working tree builds the same site as {name} ({commit}).", name=review.base.name,
             commit=review.base.short)


def terminal_lines(review: Review) -> list[str]:
    """The summary for people, one line a fact; what the content says in it is shown, never obeyed (see shown)."""
    return [shown(line) for line in _summary_lines(review)]


def _summary_lines(review: Review) -> list[str]:
    name = review.base.name
    if review.unchanged:
        return [no_changes(review)]
    reason = f" ({_(review.base.reason)})" if review.base.reason else ""
    lines = [_("Review: the working tree compared with {name} ({commit}){reason}", name=name,
               commit=review.base.short, reason=reason)]
    if review.generator_changed:
        lines.append(_("Note: the generator's code changed too; both sides were built with the working tree's "
                       "generator, so only changes of content, templates and catalogs show."))
    lines += _build_state(review)
    if review.diff is not None:
        for diff in review.diff.languages:
            lines += _language_lines(review, diff)
        files = review.diff.files
        for label, names in ((N_("other files added"), files.added), (N_("other files removed"), files.removed),
                             (N_("other files changed"), files.changed)):
            if names:
                lines.append(f"{_(label)}: {', '.join(names)}")
    elif review.new.built:
        lines += _new_site_lines(review)
    lines += _problem_lines(review)
    return lines


def _build_state(review: Review) -> list[str]:
    lines = []
    if not review.old.built:
        lines.append(_("{name} does not build; below is the working tree's site as it is now. Its errors:",
                       name=review.base.name))
        lines += [f"  {error.as_line()}" for error in review.old.errors]
    if not review.new.built:
        lines.append(_("The working tree does not build. Its errors:"))
        lines += [f"  {error.as_line()}" for error in review.new.errors]
    return lines


def language_name(review: Review, code: str) -> str:
    if not code:
        return _("Pages at the site root")
    names = review.new.languages or review.old.languages
    return f"{names.get(code, code)} ({code})"


def _language_lines(review: Review, diff: LanguageDiff) -> list[str]:
    status = [change for change in review.status if change.lang == diff.lang]
    if diff.empty and not status:
        return []
    lines = [language_name(review, diff.lang) + ":"]
    lines += [f"  {word('added')}: {url(p)} ({p.source or p.output})" for p in diff.added]
    lines += [f"  {word('removed')}: {url(p)} ({p.source or p.output})" for p in diff.removed]
    lines += [f"  {word('moved')}: {url(old)} → {url(new)}" for old, new in diff.moved]
    for change in diff.changed:
        lines += page_lines(change)
    for nav in diff.nav:
        lines.append("  " + ngettext_("navigation changed on {count} page: {change}",
                                      "navigation changed on {count} pages: {change}", len(nav.pages),
                                      change=nav_words(nav.removed, nav.added)))
    if diff.layout_only:
        lines.append("  " + ngettext_("{count} page changed in layout only", "{count} pages changed in layout only",
                                      len(diff.layout_only)))
    lines += [f"  {status_line(change)}" for change in status]
    return lines


def page_lines(change: PageChange) -> list[str]:
    lines = [f"  {word('changed')}: {url(change.page)} ({change.page.source or change.page.output})"]
    if change.title:
        lines.append(f"    {word('title')}: «{change.title[0]}» → «{change.title[1]}»")
    if change.description:
        lines.append(f"    {word('description')}: «{change.description[0]}» → «{change.description[1]}»")
    lines += [f"    {marked(words)}" for words in change.words]
    return lines


def marked(change: WordChange) -> str:
    """A change of words as one line: '… before [-removed-] {+added+} after …' (git's word-diff marks)."""
    marks = {"same": "{}", "removed": "[-{}-]", "added": "{{+{}+}}"}
    text = " ".join(marks[kind].format(words) for kind, words in change.parts)
    return ("… " if change.cut_before else "") + text + (" …" if change.cut_after else "")


def nav_words(removed: tuple[str, ...], added: tuple[str, ...]) -> str:
    return " ".join([f"[-{entry}-]" for entry in removed] + [f"{{+{entry}+}}" for entry in added])


def status_line(change: StatusChange) -> str:
    return f"{status_label(change)}: {change.entry.as_line()}"


def _new_site_lines(review: Review) -> list[str]:
    """The working tree's site when there is nothing to compare it with: its pages, status lines and warnings."""
    lines = []
    for code in review.new.languages:
        pages = page_urls(review, code)
        lines.append(ngettext_("{language}: {count} page", "{language}: {count} pages", len(pages),
                               language=language_name(review, code)) + ": " + ", ".join(pages))
        lines += [f"  {status_line(change)}" for change in review.status if change.lang == code]
    if review.new.warnings:
        lines.append(f"{_(WARNINGS_NOW)}:")
        lines += [f"  {error.as_line(WARNING)}" for error in review.new.warnings]
    return lines


def _problem_lines(review: Review) -> list[str]:
    lines = []
    for label, found, appeared in ((N_("new warnings"), review.warnings, True),
                                   (N_("warnings gone"), review.warnings, False),
                                   (N_("new errors"), review.errors, True), (N_("errors fixed"), review.errors, False)):
        entries = [error for error, new in found if new == appeared]
        if entries:
            lines.append(f"{_(label)}:")
            lines += [f"  {error.as_line(WARNING if found is review.warnings else '')}" for error in entries]
    return lines


def as_json(review: Review) -> dict:
    """The review for tools: every fact of the summary, in English."""
    diff = review.diff
    return {
        "base": {"name": review.base.name, "commit": review.base.commit, "reason": review.base.reason},
        "unchanged": review.unchanged,
        "base_builds": review.old.built,
        "builds": review.new.built,
        "generator_changed": review.generator_changed,
        "base_errors": [] if review.old.built else [entry(e) for e in review.old.errors],
        "build_errors": [] if review.new.built else [entry(e) for e in review.new.errors],
        "languages": {d.lang: _language_json(review, d) for d in diff.languages} if diff else {},
        "files": {"added": list(diff.files.added), "removed": list(diff.files.removed),
                  "changed": list(diff.files.changed)} if diff else None,
        "pages": {code: page_urls(review, code) for code in [*review.new.languages, ""]},
        "warnings": _appeared_gone(review.warnings),
        "warnings_now": [entry(e) for e in review.new.warnings],
        "errors": _appeared_gone(review.errors),
    }


def entry(error: ContentError) -> dict:
    message, hint = error.in_english()
    return {"path": str(error.path), "line": error.line, "message": message, "hint": hint}


def _appeared_gone(found: tuple[tuple[ContentError, bool], ...]) -> dict:
    return {"appeared": [entry(e) for e, new in found if new], "gone": [entry(e) for e, new in found if not new]}


def _page_json(page: PageRef) -> dict:
    return {"url": url(page), "key": page.key, "source": page.source or page.output}


def _language_json(review: Review, diff: LanguageDiff) -> dict:
    status = [change for change in review.status if change.lang == diff.lang]
    return {
        "added": [_page_json(p) for p in diff.added],
        "removed": [_page_json(p) for p in diff.removed],
        "moved": [{"key": old.key, "from": url(old), "to": url(new)} for old, new in diff.moved],
        "changed": [_change_json(change) for change in diff.changed],
        "navigation": [{"removed": list(nav.removed), "added": list(nav.added),
                        "pages": [url(p) for p in nav.pages]} for nav in diff.nav],
        "layout_only": [url(p) for p in diff.layout_only],
        "status": {"appeared": [dict(entry(c.entry), section=c.section) for c in status if c.appeared],
                   "gone": [dict(entry(c.entry), section=c.section) for c in status if not c.appeared]},
    }


def _change_json(change: PageChange) -> dict:
    pair = lambda values: {"before": values[0], "after": values[1]} if values else None  # noqa: E731
    return {**_page_json(change.page), "old_url": url(change.old_url), "title": pair(change.title),
            "description": pair(change.description),
            "words": [{"before": w.before, "removed": w.removed, "added": w.added, "after": w.after,
                       "cut_before": w.cut_before, "cut_after": w.cut_after,  # the text goes on beyond these
                       "parts": [{"kind": kind, "text": text} for kind, text in w.parts]} for w in change.words]}
