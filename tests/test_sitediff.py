"""Word changes as a reader sees them: each stretch with six words of context on either side, and "…" only where
the text goes on."""
import pytest

from microsite.review_report import marked
from microsite.sitediff import word_changes

TEXT = "Kasvuallianssi on pysyvä kaupunkipolitiikan instrumentti ja kokoontuu säännöllisesti kaupunkien kanssa"


@pytest.mark.parametrize("old, new, line", [
    (TEXT, TEXT.replace("pysyvä", "vakiintunut"),
     "Kasvuallianssi on [-pysyvä-] {+vakiintunut+} kaupunkipolitiikan instrumentti ja kokoontuu säännöllisesti "
     "kaupunkien …"),
    (TEXT, TEXT.replace("kanssa", "kesken"),
     "… kaupunkipolitiikan instrumentti ja kokoontuu säännöllisesti kaupunkien [-kanssa-] {+kesken+}"),
    (TEXT + " " + TEXT, TEXT + " " + TEXT.replace("instrumentti", "väline"),
     "… kaupunkien kanssa Kasvuallianssi on pysyvä kaupunkipolitiikan [-instrumentti-] {+väline+} ja "
     "kokoontuu säännöllisesti kaupunkien kanssa"),
    ("Yksi kaksi", "Yksi kaksi kolme", "Yksi kaksi {+kolme+}"),
])
def test_a_change_is_shown_in_its_context_and_elided_only_where_the_text_goes_on(old, new, line):
    assert [marked(change) for change in word_changes(tuple(old.split()), tuple(new.split()))] == [line]


def test_changes_far_apart_are_two_stretches_and_none_for_equal_texts():
    words = tuple(f"sana{n}" for n in range(40))
    changed = ("alku",) + words[1:30] + ("loppu",) + words[31:]
    assert [change.removed for change in word_changes(words, changed)] == ["sana0", "sana30"]
    assert word_changes(words, words) == ()
