"""Recordings live in S3; we hand out short-lived presigned GET URLs, never the bucket."""

import logging
from functools import cache

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings

logger = logging.getLogger(__name__)


@cache
def _s3_client(endpoint_url: str | None, region: str):
    # Presigning a URL makes no request; deleting does: an S3 that is away gets a few quick tries,
    # and the erasure keeps the keys it could not delete to try again later.
    return boto3.client(
        "s3",
        endpoint_url=endpoint_url,
        region_name=region,
        aws_access_key_id=settings.AWS_ACCESS_KEY_ID,
        aws_secret_access_key=settings.AWS_SECRET_ACCESS_KEY,
        config=Config(
            signature_version="s3v4",
            connect_timeout=5,
            read_timeout=20,
            retries={"max_attempts": 2, "mode": "standard"},
        ),
    )


def s3_client():
    return _s3_client(settings.AWS_S3_ENDPOINT_URL, settings.AWS_REGION)


class RecordingNotDeleted(Exception):
    """S3 answered, but kept some version of the recording."""


# What deleting a recording raises when S3 is away or refuses: the caller keeps the key and retries.
DELETE_ERRORS = (BotoCoreError, ClientError, RecordingNotDeleted)


def delete_recording(s3_key: str) -> None:
    """Delete the recording from RECORDINGS_BUCKET, every version of it where the bucket keeps
    versions (a plain delete there only hides the object). A key already gone is no error.

    Raises BotoCoreError or ClientError when S3 cannot be reached or refuses. Needs
    s3:DeleteObject, s3:ListBucketVersions and s3:DeleteObjectVersion on the bucket.
    """
    client = s3_client()
    bucket = settings.RECORDINGS_BUCKET
    client.delete_object(Bucket=bucket, Key=s3_key)
    listing = client.list_object_versions(Bucket=bucket, Prefix=s3_key)
    versions = [
        {"Key": s3_key, "VersionId": version["VersionId"]}
        for kind in ("Versions", "DeleteMarkers")
        for version in listing.get(kind, [])
        if version["Key"] == s3_key  # the prefix also matches longer keys: those are not this recording
    ]
    if versions:
        answer = client.delete_objects(Bucket=bucket, Delete={"Objects": versions, "Quiet": True})
        if answer.get("Errors"):
            codes = sorted({error.get("Code", "?") for error in answer["Errors"]})
            raise RecordingNotDeleted(f"S3 kept {len(answer['Errors'])} version(s): {', '.join(codes)}")


def presigned_recording_url(s3_key: str) -> str | None:
    """A GET URL for the recording, valid RECORDING_URL_TTL seconds; None without a recording.

    Signing is local computation: no request reaches S3 here.
    """
    if not s3_key:
        return None
    return s3_client().generate_presigned_url(
        "get_object",
        Params={"Bucket": settings.RECORDINGS_BUCKET, "Key": s3_key},
        ExpiresIn=settings.RECORDING_URL_TTL,
    )


def signed_recording_url(interview) -> str | None:
    """The interview's presigned recording URL, or None when there is no recording or it cannot be
    signed.

    Signing fails when S3 credentials are missing (the local default): the status and the score
    must still reach the ATS, and the report page must still show, so that is logged, not raised.
    """
    try:
        return presigned_recording_url(interview.recording_s3_key)
    except (BotoCoreError, ClientError):
        logger.exception("Cannot sign the recording URL of interview %s", interview.public_id)
        return None
