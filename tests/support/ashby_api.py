"""Ashby's calls, as Ashby makes them: a POST with a JSON body and the organization's key."""


def assessment_start_body(assessment_type_id: str, /, **overrides) -> dict:
    """An assessment.start body for candidate Alex Kim; `**overrides` replace keys (the type id too)."""
    body = {
        "assessment_type_id": assessment_type_id,
        "candidate": {
            "ashby_id": "cand-1",
            "first_name": "Alex",
            "last_name": "Kim",
            "email": "alex.kim@example.com",
            "ashby_profile_url": "https://app.ashbyhq.com/candidates/cand-1",
        },
        "application": {"ashby_id": "app-1", "status": "Active"},
        "job": {
            "ashby_id": "job-1",
            "name": "Backend Engineer",
            "ashby_job_url": "https://app.ashbyhq.com/jobs/job-1",
        },
    }
    body.update(overrides)
    return body
