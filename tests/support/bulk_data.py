"""Many scored interviews and their due deliveries at once, for the callback benchmarks and drills.

Rows go in with bulk_create, not through the services: a benchmark of 100k deliveries must not
spend its minutes building them. Each builder needs Django set up and returns the ids it made.
"""

import time

BENCH_ORGANIZATION = "bench-callbacks"
BENCH_TEST_ID = "bench-test"
ASHBY_KEY = "bench-ashby-key"


def bench_organization():
    """The organization and assessment every bulk interview belongs to, created on first use."""
    from assessments.models import Assessment, Organization

    organization, _ = Organization.objects.get_or_create(slug=BENCH_ORGANIZATION, defaults={"name": "Bench"})
    assessment, _ = Assessment.objects.get_or_create(test_id=BENCH_TEST_ID, defaults={"name": "Bench test"})
    return organization, assessment


def scored_interviews(count: int, *, integration: str, callback_url: str) -> list:
    """`count` scored interviews of the bench organization, callback urls `callback_url`/<n>."""
    from assessments.models import Interview

    organization, assessment = bench_organization()
    return Interview.objects.bulk_create(
        Interview(
            integration=integration,
            organization=organization,
            assessment=assessment,
            candidate_email=f"{integration}{n}@example.com",
            callback_url=f"{callback_url}/{n}",
            status="scored",
            score_total=80,
            score_max=100,
            score_breakdown=[{"name": "All", "score": 80, "max": 100, "comment": ""}],
        )
        for n in range(count)
    )


def create_result_deliveries(url: str, count: int) -> list[str]:
    """A Greenhouse result delivery due now for each of `count` new interviews, after deleting the
    bench organization's earlier ones; returns the delivery ids in creation order."""
    from django.utils import timezone

    from ats_api.greenhouse.representations import GREENHOUSE
    from ats_api.greenhouse.results import RESULT
    from callbacks.models import Delivery

    delete_bench_interviews()
    interviews = scored_interviews(count, integration=GREENHOUSE, callback_url=url)
    # queued_at now: no sweep re-queues them while the caller queues them itself.
    now = timezone.now()
    deliveries = Delivery.objects.bulk_create(
        Delivery(interview=i, message=RESULT, url=i.callback_url, next_attempt_at=now, queued_at=now)
        for i in interviews
    )
    return [str(d.id) for d in deliveries]


def create_ashby_updates(count: int) -> dict[str, tuple[str, int]]:
    """`count` scored Ashby interviews, each with a Started and then a Completed assessment.update due
    now, stamped as ats_api.ashby.updates.stamp would. Returns delivery id -> (assessment_id,
    timestamp). The Started rows are created first: the engine sends a sequence in created order."""
    from django.utils import timezone

    from assessments.services.organizations import set_ats_credentials
    from ats_api.ashby.integration import ASHBY
    from ats_api.ashby.updates import COMPLETED, STARTED, update_url
    from callbacks.models import Delivery

    set_ats_credentials(organization=bench_organization()[0], ashby_api_key=ASHBY_KEY)
    interviews = scored_interviews(count, integration=ASHBY, callback_url="https://ashby.invalid/applications")
    now, stamp = timezone.now(), int(time.time() * 1000)
    expected = {}
    for offset, message in enumerate((STARTED, COMPLETED)):
        deliveries = Delivery.objects.bulk_create(
            Delivery(
                interview=i,
                message=message,
                url=update_url(),
                next_attempt_at=now,
                queued_at=now,
                payload={"timestamp": stamp + offset},
            )
            for i in interviews
        )
        expected.update({str(d.id): (d.interview.public_id, stamp + offset) for d in deliveries})
    return expected


def delete_bench_interviews() -> None:
    """The bench organization's interviews, deliveries and attempts, one statement each: the ORM's
    cascade would first read 100k rows into memory."""
    from assessments.models import Interview
    from callbacks.models import Delivery, DeliveryAttempt

    organization = bench_organization()[0]
    for queryset in (
        DeliveryAttempt.objects.filter(delivery__interview__organization=organization),
        Delivery.objects.filter(interview__organization=organization),
        Interview.objects.filter(organization=organization),
    ):
        queryset._raw_delete(queryset.db)


def enqueue_deliveries(ids: list[str]) -> None:
    """One deliver_result message per delivery, as a scored result queues it, over one connection."""
    from callbacks.tasks import deliver_result

    with deliver_result.app.producer_or_acquire() as producer:
        for delivery_id in ids:
            deliver_result.apply_async((delivery_id,), producer=producer)
