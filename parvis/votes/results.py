"""Counting the ballots of a closed consultation, one function per method.

The rules, as the results page states them:

- **single choice and approval**: an option's votes are the ballots naming it; options are
  listed by votes, then in the consultation's order.
- **ranked choice (instant runoff)**: each round, every ballot counts for its highest-ranked
  option still in the running; a ballot with none left is *exhausted*. An option holding
  more than half of the ballots not exhausted wins. Otherwise the option with the fewest
  votes is eliminated, one per round. **Ties for the fewest** are broken by the previous
  rounds: the option with fewer votes in the round before is eliminated, going back round
  by round; still tied after the first round, the one listed last in the consultation is
  eliminated. When no ballot is left in the running, there is no winner.
- **election**: each voter picks up to N candidates (N the seats); the N candidates with the
  most votes are elected. **A tie for the last seat** goes to the candidacy validated
  first (the order the candidates are listed in), and the tie is said on the results page.
- **participatory budget**: a project's votes are the ballots choosing it. Projects are
  taken by votes (then the cheaper first, then the consultation's order) and funded while
  the budget allows: a project that does not fit in what is left is passed over and the
  next ones are still considered. A project without votes is not funded.

Everything here is arithmetic on lists (`tally_*`), apart from `consultation_results`,
which reads the ballots (one query, streamed) and the options.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from parvis.votes.models import Ballot, Consultation, Method, Option


@dataclass
class OptionResult:
    option_id: int
    votes: int
    share: float = 0.0  # percent of the ballots
    funded: bool = False  # participatory budget
    winner: bool = False


@dataclass
class Round:
    number: int
    counts: dict[int, int]
    exhausted: int
    eliminated: int | None = None


@dataclass
class Tally:
    ballots: int
    rows: list[OptionResult]
    rounds: list[Round] = field(default_factory=list)
    winner: int | None = None
    spent: int = 0
    tie_at_last_seat: bool = False


def _count(option_ids: Sequence[int], ballots: Iterable[list[int]]) -> tuple[dict[int, int], int]:
    counts = dict.fromkeys(option_ids, 0)
    total = 0
    for choices in ballots:
        total += 1
        for choice in choices:
            if choice in counts:
                counts[choice] += 1
    return counts, total


def _ordered(option_ids: Sequence[int], counts: dict[int, int], total: int) -> list[OptionResult]:
    position = {option_id: index for index, option_id in enumerate(option_ids)}
    ordered = sorted(option_ids, key=lambda o: (-counts[o], position[o]))
    return [
        OptionResult(o, counts[o], round(100 * counts[o] / total, 1) if total else 0.0)
        for o in ordered
    ]


def tally_plurality(option_ids: Sequence[int], ballots: Iterable[list[int]]) -> Tally:
    """Single choice and approval: votes per option, the most voted first. The winner is
    the option with the most votes, if it is alone with them."""
    counts, total = _count(option_ids, ballots)
    rows = _ordered(option_ids, counts, total)
    winner = None
    if rows and rows[0].votes > 0 and (len(rows) == 1 or rows[1].votes < rows[0].votes):
        winner = rows[0].option_id
        rows[0].winner = True
    return Tally(ballots=total, rows=rows, winner=winner)


def tally_instant_runoff(option_ids: Sequence[int], ballots: Iterable[list[int]]) -> Tally:
    """Ranked ballots counted round by round (the rules in the module's docstring)."""
    all_ballots = [list(choices) for choices in ballots]
    position = {option_id: index for index, option_id in enumerate(option_ids)}
    running = list(option_ids)
    rounds: list[Round] = []
    winner = None
    while running:
        counts = dict.fromkeys(running, 0)
        exhausted = 0
        for choices in all_ballots:
            first = next((c for c in choices if c in counts), None)
            if first is None:
                exhausted += 1
            else:
                counts[first] += 1
        current = Round(number=len(rounds) + 1, counts=counts, exhausted=exhausted)
        rounds.append(current)
        active = len(all_ballots) - exhausted
        if active == 0:
            break
        leader = max(running, key=lambda o: (counts[o], -position[o]))
        if 2 * counts[leader] > active:
            winner = leader
            break

        def weakness(option: int) -> tuple[Any, ...]:
            # Fewest now, then fewest in each earlier round going back, then listed last.
            history = tuple(r.counts.get(option, 0) for r in reversed(rounds))
            return (*history, -position[option])

        loser = min(running, key=weakness)
        current.eliminated = loser
        running.remove(loser)
    first_round = rounds[0].counts if rounds else {}
    last_round = rounds[-1].counts if rounds else {}
    total = len(all_ballots)
    # Listed as the last round left them: the winner first, then those eliminated last.
    out_order = [r.eliminated for r in rounds if r.eliminated is not None]
    ordered = sorted(
        option_ids,
        key=lambda o: (
            o != winner,
            -last_round.get(o, -1),
            -(out_order.index(o) if o in out_order else len(out_order)),
            position[o],
        ),
    )
    rows = [
        OptionResult(
            o,
            first_round.get(o, 0),
            round(100 * first_round.get(o, 0) / total, 1) if total else 0.0,
            winner=o == winner,
        )
        for o in ordered
    ]
    return Tally(ballots=total, rows=rows, rounds=rounds, winner=winner)


def tally_election(option_ids: Sequence[int], seats: int, ballots: Iterable[list[int]]) -> Tally:
    """Votes per candidate, the `seats` first elected (ties: the order of the list)."""
    counts, total = _count(option_ids, ballots)
    rows = _ordered(option_ids, counts, total)
    for row in rows[:seats]:
        if row.votes > 0:
            row.winner = True
    tally = Tally(ballots=total, rows=rows)
    if 0 < seats < len(rows) and rows[seats - 1].votes == rows[seats].votes > 0:
        tally.tie_at_last_seat = True
    return tally


def tally_budget(
    option_ids: Sequence[int], costs: dict[int, int], budget: int, ballots: Iterable[list[int]]
) -> Tally:
    """Projects by votes, funded greedily within `budget` (the rules in the docstring)."""
    counts, total = _count(option_ids, ballots)
    position = {option_id: index for index, option_id in enumerate(option_ids)}
    ordered = sorted(option_ids, key=lambda o: (-counts[o], costs.get(o, 0), position[o]))
    left = budget
    rows = []
    for o in ordered:
        row = OptionResult(o, counts[o], round(100 * counts[o] / total, 1) if total else 0.0)
        cost = costs.get(o, 0)
        if counts[o] > 0 and cost <= left:
            row.funded = True
            left -= cost
        rows.append(row)
    return Tally(ballots=total, rows=rows, spent=budget - left)


def consultation_results(consultation: Consultation) -> tuple[Tally, dict[int, Option]]:
    """The tally of `consultation`'s ballots and its options by id: two queries, the
    ballots streamed. Callers show it only once the consultation is closed."""
    options = {option.pk: option for option in consultation.options.all()}
    option_ids = list(options)
    ballots = (
        choices
        for choices in Ballot.objects.filter(consultation=consultation)
        .values_list("choices", flat=True)
        .iterator(chunk_size=5000)
    )
    if consultation.method == Method.RANKED:
        tally = tally_instant_runoff(option_ids, ballots)
    elif consultation.method == Method.ELECTION:
        tally = tally_election(option_ids, consultation.max_choices or 1, ballots)
    elif consultation.method == Method.BUDGET:
        costs = {pk: option.cost or 0 for pk, option in options.items()}
        tally = tally_budget(option_ids, costs, consultation.budget or 0, ballots)
    else:
        tally = tally_plurality(option_ids, ballots)
    return tally, options
