"""Who takes each step of the demo's stories: the demo accounts as the access policy
sees them, and the first one the product's own rule allows. The generator never
decides who may act; it asks the rule the services themselves apply."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from phoihop.accounts.access import actor_for
from phoihop.cases.models import Case
from phoihop.cases.selectors import facts_of
from phoihop.demo.users import DEMO_ACCOUNTS
from phoihop.domain.access.policy import Actor, CaseFacts

Account = tuple[Any, Actor]  # the user, and the actor the policy reads


def demo_accounts() -> list[Account]:
    """The demo accounts that exist, in the order ``DEMO_ACCOUNTS`` lists them."""
    users = (
        get_user_model()
        .objects.select_related("agency")
        .in_bulk([a.username for a in DEMO_ACCOUNTS], field_name="username")
    )
    return [
        (users[a.username], actor_for(users[a.username]))
        for a in DEMO_ACCOUNTS
        if a.username in users
    ]


def first_allowed(accounts: Iterable[Account], allowed: Callable[[Any, Actor], bool]) -> Any:
    """The first account's user the rule allows, or None."""
    return next((user for user, actor in accounts if allowed(user, actor)), None)


def with_facts(cases: QuerySet[Case]) -> Iterator[tuple[Case, CaseFacts]]:
    """Each case with what the access policy reads of it, read a chunk at a time (a
    step stops at the few cases it needs, whatever the size of the demo)."""
    for case in cases.prefetch_related("participations").iterator(chunk_size=100):
        rows = [(p.agency_id, p.role) for p in case.participations.all()]
        yield case, facts_of(case, rows)


def invited(facts: CaseFacts, agency_ids: Sequence[int]) -> CaseFacts:
    """The case as the policy will see it once these agencies are invited to it (a
    meeting makes its participants take part in its cases)."""
    return CaseFacts(
        province_id=facts.province_id,
        classification=facts.classification,
        participant_agency_ids=facts.participant_agency_ids | frozenset(agency_ids),
        handling_agency_ids=facts.handling_agency_ids,
    )
