"""coach.draft.clean: what rules may judge in a draft, and the way back to the original text."""

from __future__ import annotations

import time

import pytest

from coach.draft.clean import CleanDraft, Ignored, clean, looks_like_html


def regions(draft: CleanDraft, reason: str | None = None) -> list[str]:
    """The plain text of the ignored regions (of one reason)."""
    return [draft.plain[r.start : r.end] for r in draft.ignored if reason is None or r.reason == reason]


def reasons_at(draft: CleanDraft, needle: str) -> set[str]:
    """The reasons of the ignored regions covering the first occurrence of ``needle``."""
    i = draft.plain.index(needle)
    j = i + len(needle)
    return {r.reason for r in draft.ignored if r.start <= i and j <= r.end}


def assert_invariants(draft: CleanDraft) -> None:
    plain, judged = draft.plain, draft.judged
    assert len(judged) == len(plain)
    spans = [(r.start, r.end) for r in draft.ignored]
    assert spans == sorted(spans)
    for a, b in zip(spans, spans[1:]):
        assert a[1] <= b[0], "regions overlap"
    masked = [False] * len(plain)
    for r in draft.ignored:
        assert 0 <= r.start < r.end <= len(plain)
        for i in range(r.start, r.end):
            masked[i] = True
    for i, (p, j) in enumerate(zip(plain, judged)):
        if p in "\r\n":
            assert j == p, "line breaks are kept"
        elif masked[i]:
            assert j == " "
        else:
            assert j == p
    offsets = [draft.locate(i, i)[0] for i in range(len(plain) + 1)]
    assert offsets == sorted(offsets), "original offsets are monotonic"
    assert all(0 <= o <= len(draft.original) for o in offsets)
    assert 0 <= draft.greeting_end <= len(plain)
    assert 0 <= draft.body_end <= len(plain)


# --------------------------------------------------------------------------- quoted history

GMAIL_REPLY = """Hi Anna,

I've reset your password, so you can log in again.

Best,
Bob

On Mon, 3 Jun 2024 at 10:00, Anna Smith <anna@example.com>
wrote:
> Hi, I can't log in.
> Please help!
"""


def test_gmail_attribution_wrapped_over_two_lines_and_everything_after_is_quoted_history() -> None:
    d = clean(GMAIL_REPLY)
    assert_invariants(d)
    quoted = regions(d, "quoted_history")
    assert len(quoted) == 1
    assert quoted[0].startswith("On Mon, 3 Jun 2024")
    assert d.plain.endswith(quoted[0])
    assert "Please help" not in d.judged
    assert "anna@example.com" not in d.judged
    assert "I've reset your password" in d.judged


def test_outlook_header_with_rule_line_and_everything_after() -> None:
    text = (
        "Hello,\n\nThe refund is on its way.\n\nKind regards,\nBob Smith\nSupport Engineer | Acme Ltd\n"
        "Tel: +44 20 7946 0958\n\n________________________________\nFrom: Anna <anna@x.com>\n"
        "Sent: Monday, June 3, 2024 10:00 AM\nTo: Support <support@acme.com>\nSubject: Refund\n\n"
        "Where is my refund? Just tell me.\n"
    )
    d = clean(text)
    assert_invariants(d)
    quoted = regions(d, "quoted_history")
    assert quoted == [text[text.index("_____") :]]
    assert "Where is my refund" not in d.judged


def test_original_message_separator() -> None:
    d = clean("Hi,\n\nDone.\n\n-----Original Message-----\nFrom: a\nPlease just fix it\n")
    assert regions(d, "quoted_history") == ["-----Original Message-----\nFrom: a\nPlease just fix it\n"]
    assert d.plain[d.greeting_end : d.body_end] == "Done."


def test_quoted_lines_in_the_middle_are_masked_but_do_not_end_the_body() -> None:
    text = "Hi Anna,\n\nYou wrote:\n> it is just broken\n> since Monday\n\nI have fixed it.\n"
    d = clean(text)
    assert_invariants(d)
    assert regions(d, "quoted_history") == ["> it is just broken\n> since Monday"]
    assert d.plain[d.body_end - len("I have fixed it.") : d.body_end] == "I have fixed it."


def test_a_greater_than_sign_inside_a_line_is_not_a_quote() -> None:
    d = clean("Hi,\n\nIf the total is > 5 items, ship it.")
    assert d.ignored == ()


# --------------------------------------------------------------------------- signature, greeting, body

def test_signoff_and_name_block_with_phone_are_signature_and_body_ends_before() -> None:
    text = (
        "Hi Anna,\n\nThanks for your patience. I have simply restarted the job.\n\n"
        "Thanks,\nBob Smith\nCustomer Support | Acme Inc.\n+1 (555) 010-0100\nwww.acme.com\n"
    )
    d = clean(text)
    assert_invariants(d)
    assert d.greeting_end == text.index("Thanks for your patience")
    assert d.plain[d.greeting_end : d.body_end] == "Thanks for your patience. I have simply restarted the job."
    signature = regions(d, "signature")
    assert signature == [text[text.index("Thanks,\nBob") :]]
    assert "Thanks," not in d.judged  # the sign-off itself is not judged
    assert "Hi Anna," in d.judged  # the greeting is excluded by greeting_end, not masked


def test_signature_delimiter() -> None:
    text = "Hello,\n\nIt is fixed.\n\n-- \nBob | Acme\nhttps://acme.com\n"
    d = clean(text)
    assert regions(d, "signature") == ["-- \nBob | Acme\nhttps://acme.com\n"]
    assert d.body_end == text.index("It is fixed.") + len("It is fixed.")


def test_signoff_before_delimiter_and_quoted_history() -> None:
    text = "Hey team,\nShipped.\n\nCheers, Bob\n-- \nAcme\n\nOn Tue, 4 Jun 2024, Ann <a@b.co> wrote:\n> ok?\n"
    d = clean(text)
    assert_invariants(d)
    assert regions(d, "signature") == ["Cheers, Bob\n-- \nAcme\n\n"]
    assert regions(d, "quoted_history")[0].startswith("On Tue")
    assert d.plain[d.greeting_end : d.body_end] == "Shipped."


@pytest.mark.parametrize(
    "greeting",
    ["Hi Anna,", "Hello,", "Dear Mr Smith,", "Dear Mr. Smith,", "Hey team,", "Good morning Sam,", "Hi there!", "Hello, Anna", "Hi"],
)
def test_greetings(greeting: str) -> None:
    text = f"{greeting}\n\nYour order shipped today."
    d = clean(text)
    assert d.greeting_end == text.index("Your order")
    assert d.body_end == len(text)


@pytest.mark.parametrize(
    "first_line",
    [
        "Hiking boots are back in stock.",
        "Hey presto it works.",
        "Thanks for your email.",
        "Your order shipped today.",
    ],
)
def test_not_greetings(first_line: str) -> None:
    d = clean(f"{first_line}\nMore to follow.")
    assert d.greeting_end == 0


@pytest.mark.parametrize("signoff", ["Best,", "Kind regards,", "Thanks,", "Cheers,", "Regards", "Best wishes", "Sincerely", "All the best", "Many thanks,", "Thank you!"])
def test_signoffs(signoff: str) -> None:
    text = f"Hi Anna,\n\nYour order shipped today.\n\n{signoff}\nBob\nAcme Support"
    d = clean(text)
    assert d.plain[d.greeting_end : d.body_end] == "Your order shipped today."
    assert regions(d, "signature") == [text[text.index(signoff) :]]


@pytest.mark.parametrize(
    ("text", "greeting"),
    [
        ("Hi Anna, thanks for reaching out.", "Hi Anna, "),
        ("Hello Anna, your order shipped today and should arrive on Monday.", "Hello Anna, "),
        ("Hi, thanks for getting in touch. Please send us your order number.", "Hi, "),
        ("Gentile signor Lombardi, il rimborso è stato emesso oggi.", "Gentile signor Lombardi, "),
        ("Hallo Frau Scholz,\n\nja, das geht.", "Hallo Frau Scholz,\n\n"),
        ("Sehr geehrte Kundin, sehr geehrter Kunde,\n\nwir prüfen das.", "Sehr geehrte Kundin, sehr geehrter Kunde,\n\n"),
    ],
)
def test_greeting_on_the_line_of_the_body(text: str, greeting: str) -> None:
    assert clean(text).greeting_end == len(greeting)


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("Thanks for the details. I've refunded the order.\n\n^NK", "Thanks for the details. I've refunded the order."),
        ("Please send us your order number.\n-Shawn", "Please send us your order number."),
        ("We're sorry to hear this. Please DM us your order number. /RB", "We're sorry to hear this. Please DM us your order number."),
        ("Glad it works now, have a lovely day! – Ian", "Glad it works now, have a lovely day!"),
        ("The refund is done.\n\nRgds, Amit", "The refund is done."),
        ("The refund is done.\n\nThanks - Ian", "The refund is done."),
        ("Let me know if that helps.\n\nSam\nAcme Support Team", "Let me know if that helps."),
        ("Legen Sie einen Zugang an.\n\nViele Grüße\nAndreas Lehmann", "Legen Sie einen Zugang an."),
        ("Il rimborso è stato emesso.\n\nCordiali saluti\nMarco Rossi", "Il rimborso è stato emesso."),
        ("Ich melde mich morgen.\n\nMit freundlichen Grüßen\nIhr Support-Team", "Ich melde mich morgen."),
        ("I restarted the sync. Done", "I restarted the sync. Done"),
        ("Use the -Force flag when you run it. It is needed", "Use the -Force flag when you run it. It is needed"),
    ],
)
def test_signoffs_in_every_common_form(text: str, body: str) -> None:
    d = clean(text)
    assert d.plain[d.greeting_end : d.body_end] == body


def test_no_greeting_no_signoff() -> None:
    text = "  Your order shipped today.\nIt should arrive Monday.  \n\n"
    d = clean(text)
    assert d.greeting_end == 0
    assert d.body_end == text.index("Monday.") + len("Monday.")
    assert d.ignored == ()


def test_thanks_starting_a_sentence_is_not_a_signoff() -> None:
    text = "Hi Anna,\n\nThanks for waiting. We have refunded the order and emailed you the receipt."
    d = clean(text)
    assert d.body_end == len(text)
    assert regions(d, "signature") == []


def test_signoff_followed_by_a_long_sentence_is_body() -> None:
    text = "Hi,\n\nThanks!\nI looked into it and the refund was issued yesterday afternoon, so it will arrive soon."
    d = clean(text)
    assert d.body_end == len(text)


# --------------------------------------------------------------------------- code and logs

def test_fenced_and_inline_code() -> None:
    text = "Hi,\n\nRun `just build` and then:\n\n```bash\nsimply run --now\n```\n\nThat should work.\n"
    d = clean(text)
    assert_invariants(d)
    assert regions(d, "code") == ["`just build`", "```bash\nsimply run --now\n```"]
    assert "just" not in d.judged and "simply" not in d.judged
    assert "That should work." in d.judged


def test_unclosed_fence_runs_to_the_end() -> None:
    d = clean("See:\n~~~\nsimply\nmore")
    assert regions(d, "code") == ["~~~\nsimply\nmore"]


def test_indented_block_and_tab_indented_lines() -> None:
    text = "Please run:\n\n    pip install coach\n    coach check draft.txt\n\n\tline one\n\tline two\n\nDone."
    d = clean(text)
    assert regions(d, "code") == ["    pip install coach\n    coach check draft.txt\n\n\tline one\n\tline two"]
    # a single indented line is not a block
    assert clean("Hi\n    just one line\nDone").ignored == ()


def test_log_lines_and_stack_traces() -> None:
    text = (
        "Hi,\n\nThe log shows:\n"
        "2024-06-03T10:00:00Z worker started\n"
        "[ERROR] simply failed to connect\n"
        "ERROR: timeout after 30s\n\n"
        "Traceback (most recent call last):\n"
        '  File "app.py", line 12, in <module>\n'
        "    just_do_it()\n"
        "ValueError: bad value\n\n"
        "java.lang.NullPointerException: oops\n"
        "\tat com.acme.Foo.bar(Foo.java:10)\n"
        "\tat com.acme.Main.main(Main.java:3)\n\n"
        "I have fixed the cause.\n"
    )
    d = clean(text)
    assert_invariants(d)
    for needle in ("worker started", "[ERROR] simply", "ERROR: timeout", "Traceback", 'File "app.py"',
                   "just_do_it()", "ValueError", "NullPointerException", "at com.acme.Main"):
        assert reasons_at(d, needle) == {"code"}, needle
    assert reasons_at(d, "The log shows:") == set()
    assert reasons_at(d, "I have fixed the cause.") == set()


# --------------------------------------------------------------------------- URLs, e-mail, quotes, protected

def test_urls_without_trailing_punctuation() -> None:
    text = "See https://example.com/help?q=just. Or (www.acme.com/simply), or https://en.wikipedia.org/wiki/Foo_(bar)!"
    d = clean(text)
    assert regions(d, "url") == ["https://example.com/help?q=just", "www.acme.com/simply", "https://en.wikipedia.org/wiki/Foo_(bar)"]
    assert ". Or (" in d.judged and ")," in d.judged and d.judged.endswith(" !")


def test_emails() -> None:
    d = clean("Write to just.ask+billing@support.acme.co.uk, or anna@x.com.")
    assert regions(d, "email") == ["just.ask+billing@support.acme.co.uk", "anna@x.com"]


def test_quotes_straight_and_curly() -> None:
    text = 'Click "Just Save" then “Simply Continue” and ‘Really Done’.'
    d = clean(text)
    assert regions(d, "quote") == ["Just Save", "Simply Continue", "Really Done"]
    assert d.judged == 'Click "         " then “               ” and ‘           ’.'


def test_apostrophes_are_not_quotes() -> None:
    text = "I don't think the customers’ data is gone, and it isn’t lost. It's the team's call."
    d = clean(text)
    assert d.ignored == ()
    assert d.judged == text


def test_single_curly_quote_with_apostrophe_inside() -> None:
    d = clean("Press ‘don’t ask again’ now.")
    assert regions(d, "quote") == ["don’t ask again"]


def test_long_or_multi_paragraph_quotes_are_not_quotes() -> None:
    long = '"' + "word " * 50 + '"'
    assert regions(clean(long), "quote") == []
    assert regions(clean('He said "one\n\ntwo" there.'), "quote") == []
    assert regions(clean('He said "one\ntwo" there.'), "quote") == ["one\ntwo"]


def test_protected_terms_whole_word_case_sensitive() -> None:
    text = "Just Eat and Simply Business customers just need to simply restart. Just Eaten? just eat."
    d = clean(text, protected=["Just Eat", "Simply Business"])
    assert regions(d, "protected") == ["Just Eat", "Simply Business"]
    assert "just need to simply restart" in d.judged
    assert "Just Eaten" in d.judged and "just eat." in d.judged


def test_protected_terms_accept_a_single_string() -> None:
    assert regions(clean("We love Just Eat.", protected="Just Eat"), "protected") == ["Just Eat"]


# --------------------------------------------------------------------------- judged text and offsets (plain)

def test_judged_has_plain_length_and_keeps_newlines() -> None:
    text = "Hi,\r\n\r\nSee ```\r\ncode\r\nmore\r\n``` and https://x.com.\r\n\r\nBest,\r\nBob\r\n"
    d = clean(text)
    assert_invariants(d)
    assert d.plain == text
    assert d.judged.count("\n") == text.count("\n")
    assert d.judged.count("\r") == text.count("\r")


def test_plain_text_offsets_are_identity_and_line_col_is_one_based() -> None:
    text = "Hi Anna,\r\n\r\nYou simply restart.\nThen it works."
    d = clean(text)
    i = text.index("simply")
    assert d.locate(i, i + 6) == (i, i + 6, 3, 5)
    assert d.locate(len(text), len(text) + 5)[:2] == (len(text), len(text))
    assert d.locate(0, 0)[2:] == (1, 1)
    assert d.locate(text.index("Then"), text.index("Then"))[2:] == (4, 1)
    assert d.locate(len(text), len(text))[2:] == (4, len("Then it works.") + 1)


def test_draft_built_by_hand_maps_offsets_one_to_one() -> None:
    d = CleanDraft("a\nb", "a\nb", "a\nb", (), 0, 3)
    assert d.original_offset(2) == 2
    assert d.line_col(2) == (2, 1)
    assert Ignored(0, 1, "url").reason == "url"


# --------------------------------------------------------------------------- HTML

ZENDESK_HTML = (
    '<div class="zd-comment" dir="auto">\n'
    "<p>Hi Anna,</p>\n"
    '<p>You simply need to open <a href="https://acme.com/just/settings">the settings</a> &amp; '
    "click&nbsp;&ldquo;Reset&rdquo;. It&#39;s quick&#x21;</p>\n"
    "<ul>\n  <li>First   step</li>\n  <li><p>Second step</p></li>\n</ul>\n"
    "<pre>\n$ just run\nERROR: nope\n</pre>\n"
    "<p>Use <code>simply --fix</code> carefully.<br>Line two<br><br>New paragraph</p>\n"
    '<img src="https://acme.com/logo.png" alt="just a logo"><script>var just = 1;</script>'
    "<style>p { color: red }</style>\n"
    "<p>Best,<br>Bob</p>\n"
    "<blockquote>Your product is just broken.</blockquote>\n"
    "</div>"
)


def test_html_is_rendered_to_readable_text() -> None:
    d = clean(ZENDESK_HTML)
    assert_invariants(d)
    assert d.plain == (
        "Hi Anna,\n\n"
        "You simply need to open the settings & click “Reset”. It's quick!\n\n"
        "- First step\n- Second step\n\n"
        "$ just run\nERROR: nope\n\n"
        "Use simply --fix carefully.\nLine two\n\nNew paragraph\n\n"
        "Best,\nBob\n\n"
        "Your product is just broken."
    )
    assert "https://acme.com/just/settings" not in d.plain  # href not rendered
    assert "logo" not in d.plain and "var just" not in d.plain and "color" not in d.plain


def test_html_regions() -> None:
    d = clean(ZENDESK_HTML)
    assert regions(d, "code") == ["$ just run\nERROR: nope\n", "simply --fix"]
    assert regions(d, "quoted_history") == ["Your product is just broken."]
    assert regions(d, "signature") == ["Best,\nBob\n\n"]
    assert regions(d, "quote") == ["Reset"]
    assert d.plain[d.greeting_end :].startswith("You simply need")
    assert d.plain[: d.body_end].endswith("New paragraph")


def test_html_offsets_point_into_the_original_html() -> None:
    html = "<p>Hi</p><p>You simply...</p>"
    d = clean(html)
    assert d.plain == "Hi\n\nYou simply..."
    i = d.plain.index("simply")
    assert d.original_offset(i) == html.index("simply")
    assert html[d.original_offset(i) : d.original_offset(i + len("simply"))] == "simply"
    assert d.line_col(i) == (1, html.index("simply") + 1)


@pytest.mark.parametrize("word", ["simply", "settings", "click", "Reset", "First", "Second", "Line two", "New paragraph", "Bob"])
def test_html_words_map_to_their_exact_source_text(word: str) -> None:
    d = clean(ZENDESK_HTML)
    i = d.plain.index(word)
    start = d.original_offset(i)
    assert ZENDESK_HTML[start : start + len(word)] == word
    line, col = d.line_col(i)
    source_line = ZENDESK_HTML.split("\n")[line - 1]
    assert source_line[col - 1 : col - 1 + len(word)] == word


def test_html_entities_map_to_the_entity() -> None:
    d = clean(ZENDESK_HTML)
    for char, entity in (("&", "&amp;"), ("“", "&ldquo;"), ("'", "&#39;"), ("!", "&#x21;")):
        o = d.original_offset(d.plain.index(char))
        assert ZENDESK_HTML.startswith(entity, o), char


def test_html_line_col_with_crlf_source() -> None:
    html = "<p>Hi Anna,</p>\r\n<p>Please\r\njust wait.</p>"
    d = clean(html)
    assert d.plain == "Hi Anna,\n\nPlease just wait."
    assert d.line_col(d.plain.index("just")) == (3, 1)
    assert d.line_col(d.plain.index("Please")) == (2, 4)


def test_gmail_html_quote_and_signature_classes() -> None:
    html = (
        '<div dir="ltr">Hi Anna,<div><br></div><div>It is fixed now.</div><div><br></div>'
        '<div>Best,</div><div>Bob</div><div class="gmail_signature">Bob | Acme<br>+1 555 0100</div>'
        '<div class="gmail_quote"><div class="gmail_attr">On Mon, Jun 3, 2024 at 10:00 AM Anna '
        '&lt;<a href="mailto:a@x.com">a@x.com</a>&gt; wrote:<br></div>'
        '<blockquote class="gmail_quote">Just help!</blockquote></div></div>'
    )
    d = clean(html)
    assert_invariants(d)
    assert d.plain[d.greeting_end : d.body_end] == "It is fixed now."
    assert regions(d, "quoted_history")[0].startswith("On Mon, Jun 3")
    assert "Just help" not in d.judged and "Bob" not in d.judged


def test_html_flag_forces_or_disables_html() -> None:
    assert clean("<p>x</p>", html=False).plain == "<p>x</p>"
    assert clean("a<b>c", html=True).plain == "ac"


@pytest.mark.parametrize(
    "text",
    [
        "<p>Hi</p>",
        '<div class="zd-comment">Hello</div>',
        "  <ul><li>x</li></ul>",
        "Hi Anna,<br>Thanks",
        "Hi Anna,<br/>Thanks",
        "<!DOCTYPE html><html><body>x</body></html>",
        "Thanks!</p>",
    ],
)
def test_looks_like_html(text: str) -> None:
    assert looks_like_html(text)


@pytest.mark.parametrize(
    "text",
    ["a < b", "I <3 this", "x<y and y>z", "5 > 3 and 2 < 4", "Wrap it in a <div> tag", "", "<<<>>>", "<notatag>"],
)
def test_does_not_look_like_html(text: str) -> None:
    assert not looks_like_html(text)


# --------------------------------------------------------------------------- pathological input

PATHOLOGICAL = {
    "double quotes": '"' * 100_000,
    "greater-than": ">" * 100_000,
    "1 MB line without spaces": "a" * 1_000_000,
    "quote lines": "> x\n" * 50_000,
    "unclosed curly quotes": "‘" * 50_000 + "’a" * 50_000,
    "closing parens after a URL": "https://x.com/" + ")" * 200_000,
    "local parts without domain": "a.b+c-d_" * 50_000 + "@",
}
PATHOLOGICAL_HTML = {
    "deeply nested": "<div>" * 5_000 + "simply" + "</div>" * 5_000,
    "unclosed nesting": "<div><blockquote><li>" * 3_000 + "x",
    "unterminated tags": "<p>" + "<a" * 50_000,
    "unterminated comments": "<p>" + "<!--" * 50_000,
    "bad character references": "<p>" + "&#;" * 50_000 + "<b>x</b>",
    "marked sections": "<p>" + "<![if x>" * 20_000,
}


def test_pathological_inputs_clean_in_linear_time() -> None:
    """Not a benchmark: quadratic behaviour on these inputs would take minutes, not seconds."""
    started = time.perf_counter()
    for text in PATHOLOGICAL.values():
        d = clean(text, html=False, protected=["Just Eat"])
        assert len(d.judged) == len(d.plain) == len(text)
    for text in PATHOLOGICAL_HTML.values():
        d = clean(text, html=True)
        assert len(d.judged) == len(d.plain)
        assert d.original_offset(len(d.plain)) <= len(text)
    assert time.perf_counter() - started < 20


def test_deeply_nested_html_keeps_offsets() -> None:
    html = PATHOLOGICAL_HTML["deeply nested"]
    d = clean(html)
    assert d.plain == "simply"
    assert d.original_offset(0) == html.index("simply")
    assert d.line_col(0) == (1, html.index("simply") + 1)


def test_bad_character_reference_does_not_swallow_the_rest() -> None:
    d = clean("<p>Price &#; and <b>bold</b></p><p>Next</p>")
    assert d.plain == "Price &#; and bold\n\nNext"


def test_german_and_italian_quotation_marks_hold_the_customers_words() -> None:
    d = clean("Lei ha scritto «non funziona niente» e ha ragione. Sie schrieben „geht gar nicht“ dazu.")
    assert regions(d, "quote") == ["non funziona niente", "geht gar nicht"]


def test_apache_php_and_syslog_lines_are_logs() -> None:
    text = (
        "Here is the log:\n\n[Tue Mar 12 09:14:22] mysqld: Too many connections\n"
        "PHP Warning: mysqli_real_connect(): Too many connections in /var/www/db.php on line 19\n"
        "Mar 12 09:14:22 web01 sshd[811]: Accepted key\n\nI restarted the database."
    )
    d = clean(text)
    assert regions(d, "code") == [text[text.index("[Tue") : text.index("Accepted key") + len("Accepted key")]]
    assert "Warning: this deletes the files" not in regions(clean("Warning: this deletes the files.\nOK"), "code")
