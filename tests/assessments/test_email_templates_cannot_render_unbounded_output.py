"""An email template cannot make a worker render without end: loops inside loops, filters told
to pad to millions of characters, doubling filter chains and {% lorem %} are stopped early. Such a
template is a broken template: it sends nothing and says why where account managers look."""

import pytest

from assessments.models import EmailTemplate

WIDE = 'candidate_name|ljust:"200"'


def set_invitation_body(organization, text_body: str) -> None:
    EmailTemplate.objects.update_or_create(
        organization=organization,
        assessment=None,
        kind="invitation",
        defaults={"subject": "Your test", "text_body": text_body, "html_body": ""},
    )


@pytest.mark.parametrize(
    ("text_body", "error"),
    [
        (
            f"{{% for a in {WIDE} %}}{{% for b in {WIDE} %}}Hello{{% endfor %}}{{% endfor %}}",
            "Plain-text body: it renders more than 100,000 characters",
        ),
        (
            f"{{% for a in {WIDE} %}}{{% for b in {WIDE} %}}{{% for c in {WIDE} %}}"
            "{% endfor %}{% endfor %}{% endfor %}",
            "Plain-text body: it takes too many steps to render (a loop inside a loop?)",
        ),
        ("x" * 100_001, "Plain-text body: it renders more than 100,000 characters"),
        ('{{ candidate_name|ljust:"5000000" }}', 'the filter "ljust" is given 5000000, more than the 1,000'),
        ('{{ candidate_name|center:"5000000" }}', 'the filter "center" is given 5000000'),
        ('{{ candidate_name|stringformat:"5000000s" }}', 'the filter "stringformat" is given 5000000'),
        ('{{ "1"|floatformat:"200000" }}', 'the filter "floatformat" is given 200000'),
        ('{{ "1e200000"|floatformat }}', 'the filter "floatformat" is given 1e200000'),
        (
            "{{ '\\\\'" + "|addslashes" * 20 + " }}",
            'the filter "addslashes" makes more than 100,000 characters',
        ),
        (
            '{% with s=candidate_name|ljust:"1000" %}{{ s|make_list|join:s }}{% endwith %}',
            'the filter "join" would make more than 100,000 characters',
        ),
        (
            # A list of one 3,000-character word, doubled twelve times: short as a list, long as text.
            '{% with word=candidate_name|ljust:"1000"|urlencode %}{% with l=word.split %}'
            + "{% with l=l|add:l %}" * 12
            + "{{ l }}"
            + "{% endwith %}" * 14,
            'the filter "add" makes more than 100,000 characters',
        ),
        ("{% lorem 100000 w %}", "{% lorem %} is not available in emails"),
        ("{% debug %}", "{% debug %} is not available in emails"),
    ],
)
def test_a_template_that_renders_too_much_sends_nothing_and_says_why(
    send_test, mailoutbox, organization, text_body, error
):
    set_invitation_body(organization, text_body)

    interview = send_test()

    assert mailoutbox == []
    assert interview.invitation_error.startswith("The invitation email was not sent, its template is broken.")
    assert error in interview.invitation_error
    assert interview.invitation_queued_at is None  # settled: no worker tries it again


def test_a_modest_loop_and_padding_still_render(send_test, mailoutbox, organization):
    set_invitation_body(
        organization, '{% for letter in candidate_name|make_list %}{{ letter }}.{% endfor %}|{{ "x"|rjust:"5" }}|'
    )

    send_test()

    [message] = mailoutbox
    assert message.body == "A.l.e.x. .K.i.m.|    x|"
