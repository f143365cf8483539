"""Tests for eventwire.clean: teaser blocks, footers and repeated headlines become dropped spans."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.clean import find_boilerplate, inside, is_headline, load_rules


_RULES = load_rules()


@pytest.fixture(scope="module")
def rules():
    return _RULES


def check_spans(text, spans):
    for d in spans:
        assert 0 <= d.start < d.end <= len(text)
        assert text[d.start:d.end] == d.text
        assert d.text == d.text.strip() and "\n" not in d.text
        assert d.reason
    starts = [d.start for d in spans]
    assert starts == sorted(starts)


P1 = ("Representatives of Hamas and Iran met with Russian Deputy Foreign Minister Mikhail Bogdanov in Moscow on "
      "Thursday to discuss foreign hostages being held by the terrorist organization in Gaza.")
P2 = ("Bogdanov had contacted Marzook last month to try to arrange a meeting about the half-dozen Russian "
      "nationals who are among the estimated 220 taken hostage by Hamas.")
P3 = ("Russia has maintained ties with Hamas since 2006, when a delegation led by Khaled Meshaal first "
      "visited Moscow after the group won Palestinian legislative elections.")

ARTICLE = f"""{P1}

{P2}

Russian - Hamas Relations

{P3}

Other Topics of Interest

Israeli Strikes Kill Dozens In Southern Gaza Refugee Camp
The strikes came as talks on a truce stalled in Cairo on Wednesday.

To suggest a correction, highlight the text and press Ctrl+Enter.
All rights reserved.
Share this article
"""


def dropped_texts(text, rules):
    spans = find_boilerplate(text, rules)
    check_spans(text, spans)
    return {d.text: d.reason for d in spans}


def test_teaser_block_and_footer(rules):
    got = dropped_texts(ARTICLE, rules)
    assert got == {
        "Other Topics of Interest": "teaser_header",
        "Israeli Strikes Kill Dozens In Southern Gaza Refugee Camp": "teaser",
        "The strikes came as talks on a truce stalled in Cairo on Wednesday.": "teaser_summary",
        "To suggest a correction, highlight the text and press Ctrl+Enter.": "footer",
        "All rights reserved.": "footer",
        "Share this article": "footer",
    }


def test_section_heading_is_not_boilerplate(rules):
    got = dropped_texts(ARTICLE, rules)
    assert "Russian - Hamas Relations" not in got
    for p in (P1, P2, P3):
        start = ARTICLE.index(p)
        assert not inside(find_boilerplate(ARTICLE, rules), start, start + len(p))


def test_teaser_block_stops_at_the_first_real_paragraph(rules):
    text = f"{P1}\n\nRead more:\nHamas Leaders Visit Tehran For Talks\nThey met on Monday.\n{P2}\n{P3}\n"
    got = dropped_texts(text, rules)
    assert got == {"Read more:": "teaser_header", "Hamas Leaders Visit Tehran For Talks": "teaser",
                   "They met on Monday.": "teaser_summary"}


@pytest.mark.parametrize("line", [
    "To suggest a correction, highlight the text and press Ctrl+Enter.",
    "Report a correction or typo",
    "All rights reserved",
    "© 2024 Example News Ltd. All rights reserved.",
    "Copyright 2023 The Associated Press.",
    "Copyright © 2024 Reuters",
    "Share this article",
    "Share on Facebook",
    "Print",
    "Advertisement",
    "Follow us on Twitter",
    "Subscribe to our daily newsletter",
    "Tags: Hamas, Russia, Gaza",
    "Photo: AFP",
])
def test_footer_lines(rules, line):
    text = f"{P1}\n\n{line}\n"
    got = dropped_texts(text, rules)
    assert got == {line: "footer"}


@pytest.mark.parametrize("line", [
    "Copyright laws in Russia were tightened on Thursday by the Duma.",
    "(c) the parties shall withdraw their forces to the 1967 lines.",
    "Comments made by the minister drew criticism in Kyiv.",
])
def test_sentences_that_resemble_footers_stay(rules, line):
    assert dropped_texts(f"{P1}\n\n{line}\n\n{P2}\n", rules) == {}


def test_repeated_headline_like_line_is_dropped(rules):
    hl = "Leaders Meet In Geneva For Ceasefire Talks"
    text = f"{P1}\n\n{hl}\n\n{P2}\n\n{hl}\n\n{P3}\n"
    spans = find_boilerplate(text, rules)
    check_spans(text, spans)
    assert [(d.text, d.reason) for d in spans] == [(hl, "teaser"), (hl, "teaser")]
    assert spans[0].start == text.index(hl) and spans[1].start == text.rindex(hl)


def test_a_single_title_line_stays(rules):
    text = f"Leaders Meet In Geneva For Ceasefire Talks\n\n{P1}\n\n{P2}\n"
    assert find_boilerplate(text, rules) == ()


def test_ordinary_article_yields_nothing(rules):
    text = f"{P1}\n\n{P2}\n\n{P3}\n\n\"We are ready,\" Marzook said.\n"
    assert find_boilerplate(text, rules) == ()
    assert find_boilerplate("", rules) == ()
    assert find_boilerplate("\n\n  \n", rules) == ()


def test_offsets_with_crlf_indentation_and_unicode_line_breaks(rules):
    text = f"{P1}\r\n\r\n   All rights reserved.  \r\n{P2}\u2028  Share this article \u2029{P3}\x85Advertisement"
    got = dropped_texts(text, rules)
    assert got == {"All rights reserved.": "footer", "Share this article": "footer", "Advertisement": "footer"}


def test_is_headline():
    assert is_headline("Israeli Strikes Kill Dozens In Southern Gaza")
    assert is_headline("Russian - Hamas Relations")
    assert not is_headline("The strikes came as talks stalled.")
    assert not is_headline("Putin met Xi")              # a lower-case verb: a sentence, not a title
    assert not is_headline("Gaza Talks")                # under three words
    assert not is_headline("officials met in moscow on thursday")


def test_user_rules_are_layered(tmp_path):
    extra = tmp_path / "mine.yaml"
    extra.write_text("footer_lines:\n  - 'brought to you by .*'\n", encoding="utf-8")
    r = load_rules([extra])
    text = f"{P1}\nBrought to you by Example Corp\nAll rights reserved\n"
    assert {d.text for d in find_boilerplate(text, r)} == {"Brought to you by Example Corp", "All rights reserved"}


LINES = st.sampled_from([P1, P2, "Other Topics of Interest", "Read more:", "Israeli Strikes Kill Dozens In Gaza",
                         "The strikes came as talks stalled.", "All rights reserved.", "Share this article",
                         "Russian - Hamas Relations", "", "  ", "\t"])


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_arbitrary_text_never_raises_and_spans_are_valid(text):
    check_spans(text, find_boilerplate(text, _RULES))


@settings(max_examples=300, deadline=None)
@given(st.lists(LINES, max_size=12), st.sampled_from(["\n", "\r\n", "\n\n", "\u2028", "\r"]))
def test_furniture_mixes_give_valid_spans(lines, sep):
    text = sep.join(lines)
    check_spans(text, find_boilerplate(text, _RULES))

