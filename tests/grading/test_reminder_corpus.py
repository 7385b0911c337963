"""The reminder corpus (reminder_corpus.py): every positive e-mail and call note passes the checks of its
channel, and every negative one is caught with its mistake code — through ReminderCheck.mistake_codes(),
the very codes the grading engine reports."""

from __future__ import annotations

from collections import Counter

import pytest
from reminder_corpus import corpus

from simulator.grading.reminder_rules import check_reminder

SAMPLES = corpus()


def test_the_corpus_is_large_varied_and_deterministic():
    assert len(SAMPLES) >= 300
    kinds = Counter((s.channel, s.positive) for s in SAMPLES)
    assert min(kinds.values()) >= 50, kinds
    assert [s.text for s in corpus()] == [s.text for s in SAMPLES]


@pytest.mark.parametrize("sample", SAMPLES, ids=[s.id for s in SAMPLES])
def test_corpus_sample_gives_exactly_its_mistake_codes(sample):
    check = check_reminder(
        sample.text,
        subject=sample.subject,
        channel=sample.channel,
        level=sample.level,
        call_date=sample.call_date,
        **sample.params,
    )
    assert check.mistake_codes() == sample.expected, (check.missing, sample.subject, sample.text)
