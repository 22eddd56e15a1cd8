from conflictlens.ingest.furniture import looks_like_comment, strip_furniture

PAGE = """World

Drone strike hits convoy near Qaim

By Sara Nouri |

A drone struck a convoy of pickup trucks near Qaim on Monday, killing three men, officials said.

Convoy wreckage outside Qaim. [File photo]
Convoy wreckage outside Qaim. [File photo]

Share on Facebook | Tweet | Email

The convoy was travelling toward the border crossing when it was hit.

Was this article helpful?

Captcha *

Great article, thank you!
"""


def test_furniture_cuts_rating_widget_captcha_and_comments():
    clean = strip_furniture(PAGE)
    assert "helpful" not in clean.text
    assert "Captcha" not in clean.text
    assert "Great article" not in clean.text
    assert clean.text.endswith("when it was hit.")


def test_furniture_header_lines_become_metadata():
    clean = strip_furniture(PAGE)
    assert clean.section == "World"
    assert clean.title == "Drone strike hits convoy near Qaim"
    assert clean.author == "Sara Nouri"
    assert "By Sara" not in clean.text and not clean.text.startswith("World")


def test_furniture_caption_printed_twice_kept_once_and_share_bar_dropped():
    clean = strip_furniture(PAGE)
    assert clean.text.count("Convoy wreckage outside Qaim") == 1
    assert "Tweet" not in clean.text


def test_furniture_trailing_unmarked_comments_dropped():
    text = ("Militants attacked a village in Borno on Friday, residents said.\n\n"
            "The army said it repelled the attack after an hour of fighting.\n\n"
            "Good luck to the people of Borno\n\nI hope the army finishes them!")
    clean = strip_furniture(text)
    assert clean.text.endswith("an hour of fighting.")


def test_furniture_keeps_news_sentences_that_mention_comments():
    assert not looks_like_comment(
        "The ministry declined to comment on the casualty figures released by the monitoring group on Sunday, "
        "saying an investigation was under way and that more details would follow in the coming days."
    )
    text = "Rockets hit a base in Anbar.\n\nNo group commented on the attack."
    assert strip_furniture(text).text == text
