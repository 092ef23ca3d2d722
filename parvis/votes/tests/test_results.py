"""The counts of each method, on ballots written by hand, with results worked out by hand."""

from __future__ import annotations

from parvis.votes.results import tally_budget, tally_instant_runoff, tally_plurality

A, B, C, D = 1, 2, 3, 4


def test_single_choice_counts_each_ballot_once_and_names_the_winner():
    tally = tally_plurality([A, B, C], [[B], [A], [B], [C], [B]])

    assert [(r.option_id, r.votes, r.share) for r in tally.rows] == [
        (B, 3, 60.0),
        (A, 1, 20.0),
        (C, 1, 20.0),
    ]
    assert tally.winner == B
    assert tally.ballots == 5


def test_approval_counts_every_option_named_and_a_tie_at_the_top_has_no_winner():
    tally = tally_plurality([A, B, C], [[A, B], [B, C], [A], [C, A], [B]])

    # A: 3, B: 3, C: 2; A and B tie, listed in the consultation's order.
    assert [(r.option_id, r.votes) for r in tally.rows] == [(A, 3), (B, 3), (C, 2)]
    assert tally.winner is None


def test_instant_runoff_in_three_rounds_breaks_a_tie_for_the_fewest_by_the_round_before():
    ballots = [[A, B]] * 4 + [[B, C]] * 3 + [[C, B]] * 2 + [[D, C]]

    tally = tally_instant_runoff([A, B, C, D], ballots)

    # Round 1: A 4, B 3, C 2, D 1 of 10: no majority, D (fewest) out.
    # Round 2: D's ballot goes to C: A 4, B 3, C 3. B and C tie for the fewest; in round 1
    # C had fewer (2 against 3): C out.
    # Round 3: C's two ballots go to B, the ballot D > C has no choice left: A 4, B 5 of
    # 9 ballots still counting: B wins with more than half.
    assert [(r.counts, r.exhausted, r.eliminated) for r in tally.rounds] == [
        ({A: 4, B: 3, C: 2, D: 1}, 0, D),
        ({A: 4, B: 3, C: 3}, 0, C),
        ({A: 4, B: 5}, 1, None),
    ]
    assert tally.winner == B
    # Listed: the winner, then the others of the last round, then the last eliminated first.
    assert [r.option_id for r in tally.rows] == [B, A, C, D]
    assert [r.votes for r in tally.rows] == [3, 4, 2, 1]  # first choices


def test_instant_runoff_tie_in_the_first_round_eliminates_the_last_listed():
    tally = tally_instant_runoff([A, B, C], [[A], [B], [C], [A]])

    assert [(r.counts, r.exhausted, r.eliminated) for r in tally.rounds] == [
        ({A: 2, B: 1, C: 1}, 0, C),
        ({A: 2, B: 1}, 1, None),
    ]
    assert tally.winner == A


def test_instant_runoff_majority_at_once_takes_one_round():
    tally = tally_instant_runoff([A, B], [[A, B], [A], [B, A]])

    assert len(tally.rounds) == 1
    assert tally.winner == A


def test_instant_runoff_without_ballots_has_no_winner():
    tally = tally_instant_runoff([A, B], [])

    assert tally.winner is None
    assert tally.ballots == 0


def test_participatory_budget_funds_by_votes_then_cheaper_passing_over_what_does_not_fit():
    costs = {A: 60, B: 50, C: 30, D: 10}
    ballots = [[A, C]] * 3 + [[B, C]] * 2 + [[B]]

    tally = tally_budget([A, B, C, D], costs, 100, ballots)

    # Votes: C 5, A 3, B 3, D 0. C funded (30, 70 left); A and B tie: B is cheaper, funded
    # (50, 20 left); A (60) does not fit; D has no vote.
    assert [(r.option_id, r.votes, r.funded) for r in tally.rows] == [
        (C, 5, True),
        (B, 3, True),
        (A, 3, False),
        (D, 0, False),
    ]
    assert tally.spent == 80


def test_participatory_budget_keeps_considering_projects_after_one_that_does_not_fit():
    costs = {A: 90, B: 20, C: 10}
    tally = tally_budget([A, B, C], costs, 100, [[B], [B], [B], [A], [A], [C]])

    # B (3 votes, 20) funded, A (2 votes, 90) does not fit in 80, C (1 vote, 10) does.
    assert [(r.option_id, r.funded) for r in tally.rows] == [(B, True), (A, False), (C, True)]
    assert tally.spent == 30
