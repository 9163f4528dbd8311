"""The accessibility statement's own rules, beyond its schema: a status that agrees with its list of
failures, and the facts the law requires that a person has still to fill in."""
from __future__ import annotations

from .errors import ContentError
from .load import YamlDoc
from .messages import N_
from .model import Site

STATEMENT = "accessibility"
# What an editor reads for each combination of unset facts: one line naming every key to fill in.
GAPS = {
    ("provider",): (N_("the accessibility statement does not say who provides the site, which the law requires"),
                    N_("fill in provider before publishing, in every language")),
    ("feedback",): (N_("the accessibility statement has no feedback contact, which the law requires"),
                    N_("fill in feedback before publishing: an email address, a form's address, or both")),
    ("provider", "feedback"): (
        N_("the accessibility statement does not say who provides the site or where to send feedback, "
           "which the law requires"),
        N_("before publishing, fill in provider, in every language, and feedback: an email address, a form's "
           "address, or both")),
}


def consistency_problems(doc: YamlDoc) -> list[ContentError]:
    """The compliance status must agree with the content listed as not accessible."""
    data = doc.data if isinstance(doc.data, dict) else {}
    compliance, items = data.get("compliance"), data.get("non_accessible") or []
    if compliance == "full" and items:
        return [ContentError(doc.path, doc.key_line("compliance"),
                             N_("compliance is 'full' but content that is not accessible is listed"),
                             N_("write compliance: partial, or remove the items under non_accessible"))]
    if compliance in ("partial", "none") and not items:
        return [ContentError(doc.path, doc.key_line("compliance"),
                             N_("compliance is '{status}' but no content that is not accessible is listed"),
                             N_("list it under non_accessible, or write compliance: full"),
                             (("status", compliance),))]
    return []


def unset_facts(site: Site) -> ContentError | None:
    """One line naming every fact the law requires that is still unset, or None when the statement is whole."""
    doc = site.data.get(STATEMENT)
    if doc is None or not isinstance(doc.data, dict):
        return None
    unset = []
    provider = doc.data.get("provider")
    if not (isinstance(provider, dict) and any(isinstance(v, str) and v.strip() for v in provider.values())):
        unset.append("provider")
    feedback = doc.data.get("feedback")
    if not (isinstance(feedback, dict) and (feedback.get("email") or feedback.get("url"))):
        unset.append("feedback")
    if not unset:
        return None
    message, hint = GAPS[tuple(unset)]
    return ContentError(doc.path, doc.key_line(unset[0]), message, hint)
